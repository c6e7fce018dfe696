package dev.modelwatch.agent.drift;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The recent values of one column's drift statistic, one point per drift evaluation (each slice
 * rotation), in a ring of fixed capacity: memory is bounded whatever runs, and the oldest point
 * makes way for the newest. Written by the agent's scheduler thread when a slice closes, read by
 * the page; never touched on the prediction thread.
 */
public final class StatisticHistory {
  /** Points kept at most: one hour at one evaluation per minute. */
  public static final int MAX_POINTS = 60;

  /** The stretch of time a history aims to cover. */
  static final long SPAN_MILLIS = 3_600_000L;

  /** One evaluation: when, the statistic's value (NaN while pending), and the verdict. */
  public static final class Point {
    private final long epochMillis;
    private final double value;
    private final DriftVerdict.Status status;

    public Point(long epochMillis, double value, DriftVerdict.Status status) {
      this.epochMillis = epochMillis;
      this.value = value;
      this.status = status;
    }

    public long epochMillis() {
      return epochMillis;
    }

    /** NaN when the window held fewer than {@code min_samples} values. */
    public double value() {
      return value;
    }

    public DriftVerdict.Status status() {
      return status;
    }
  }

  private final String statistic;
  private final double threshold;
  private final long[] times;
  private final double[] values;
  private final DriftVerdict.Status[] statuses;
  private int next;
  private int size;

  /**
   * @param statistic the statistic recorded (an effect size such as {@code psi}), or null when the
   *     column has none (then every point is NaN)
   * @param threshold its drift threshold, NaN when none
   * @param capacity points kept, 1 to {@link #MAX_POINTS}
   */
  StatisticHistory(String statistic, double threshold, int capacity) {
    if (capacity < 1 || capacity > MAX_POINTS) {
      throw new IllegalArgumentException(
          "a history keeps 1 to " + MAX_POINTS + " points, got " + capacity);
    }
    this.statistic = statistic;
    this.threshold = threshold;
    this.times = new long[capacity];
    this.values = new double[capacity];
    this.statuses = new DriftVerdict.Status[capacity];
  }

  /**
   * Points that cover the last hour at one evaluation per {@code periodMillis}, at most {@link
   * #MAX_POINTS} (evaluations more often than once a minute keep the last 60) and at least 2.
   */
  static int capacityFor(long periodMillis) {
    long points = (SPAN_MILLIS + periodMillis - 1) / Math.max(1, periodMillis);
    return (int) Math.max(2, Math.min(MAX_POINTS, points));
  }

  /** The statistic recorded; null when the column computes no effect size. */
  public String statistic() {
    return statistic;
  }

  /** The statistic's drift threshold; NaN when there is none. */
  public double threshold() {
    return threshold;
  }

  public int capacity() {
    return times.length;
  }

  synchronized void add(long epochMillis, double value, DriftVerdict.Status status) {
    times[next] = epochMillis;
    values[next] = value;
    statuses[next] = status;
    next = (next + 1) % times.length;
    size = Math.min(size + 1, times.length);
  }

  /** The points kept, oldest first. */
  public synchronized List<Point> points() {
    List<Point> points = new ArrayList<>(size);
    int start = (next - size + times.length) % times.length;
    for (int i = 0; i < size; i++) {
      int at = (start + i) % times.length;
      points.add(new Point(times[at], values[at], statuses[at]));
    }
    return Collections.unmodifiableList(points);
  }
}
