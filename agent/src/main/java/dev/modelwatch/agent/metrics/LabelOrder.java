package dev.modelwatch.agent.metrics;

import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A gauge family's points in client_java's order of label sets, the order the collector met them in
 * remembered from one scrape to the next. client_java sorts every family's points by their labels
 * when it builds the snapshot; the drift collector meets them by model, then column, while the
 * labels sort by feature first, so each scrape sorted 4,500 points of 30 models x 50 features from
 * scratch, about half of the scrape's collecting. Handed over in order, client_java's sort only
 * checks that they are. The label sets are the collector's cached {@code Labels}, so a scrape that
 * meets the same ones in the same order (every scrape but the first, and the first after a model
 * joins) reuses the order after one identity comparison per point.
 */
final class LabelOrder {
  private final String name;
  private final String help;
  private volatile Order last;

  /** The order of the family {@code name}. */
  LabelOrder(String name, String help) {
    this.name = name;
    this.help = help;
  }

  /** One scrape's points of a family, in the order met. */
  static final class Points {
    private Labels[] labels = new Labels[64];
    private double[] values = new double[64];
    private int count;

    void add(Labels label, double value) {
      if (count == labels.length) {
        labels = Arrays.copyOf(labels, count * 2);
        values = Arrays.copyOf(values, count * 2);
      }
      labels[count] = label;
      values[count++] = value;
    }

    int count() {
      return count;
    }
  }

  /** Adds the points as one family to {@code snapshots}, unless there are none. */
  void addTo(List<MetricSnapshot> snapshots, Points points) {
    if (points.count > 0) {
      snapshots.add(gauges(points.labels, points.values, points.count));
    }
  }

  private GaugeSnapshot gauges(Labels[] labels, double[] values, int count) {
    Order order = last;
    if (order == null || !order.sameAs(labels, count)) {
      order = new Order(labels, count);
      last = order;
    }
    GaugeSnapshot.Builder family = GaugeSnapshot.builder().name(name).help(help);
    for (int i : order.sorted) {
      family.dataPoint(GaugeDataPointSnapshot.builder().labels(labels[i]).value(values[i]).build());
    }
    return family.build();
  }

  /** Label sets in the order met, and the indexes that sort them. */
  private static final class Order {
    final Labels[] met;
    final int[] sorted;

    Order(Labels[] labels, int count) {
      met = Arrays.copyOf(labels, count);
      Integer[] indexes = new Integer[count];
      for (int i = 0; i < count; i++) {
        indexes[i] = i;
      }
      Arrays.sort(indexes, Comparator.comparing((Integer i) -> met[i]));
      sorted = new int[count];
      for (int i = 0; i < count; i++) {
        sorted[i] = indexes[i];
      }
    }

    boolean sameAs(Labels[] labels, int count) {
      if (count != met.length) {
        return false;
      }
      for (int i = 0; i < count; i++) {
        if (labels[i] != met[i]) {
          return false;
        }
      }
      return true;
    }
  }
}
