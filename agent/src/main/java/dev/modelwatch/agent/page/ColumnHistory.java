package dev.modelwatch.agent.page;

import dev.modelwatch.agent.drift.StatisticHistory;
import java.util.Collections;
import java.util.List;

/**
 * One column's drift statistic over its recent drift evaluations, as the sparkline draws it: the
 * statistic, its drift threshold, how many points the ring keeps, and the points, oldest first.
 */
final class ColumnHistory {
  /** Null when the column computes no effect size. */
  final String statistic;

  /** NaN without a statistic. */
  final double threshold;

  final int capacity;
  final List<StatisticHistory.Point> points;

  ColumnHistory(
      String statistic, double threshold, int capacity, List<StatisticHistory.Point> points) {
    this.statistic = statistic;
    this.threshold = threshold;
    this.capacity = capacity;
    this.points = Collections.unmodifiableList(points);
  }
}
