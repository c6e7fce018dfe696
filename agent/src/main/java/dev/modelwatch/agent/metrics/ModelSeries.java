package dev.modelwatch.agent.metrics;

import static dev.modelwatch.agent.metrics.MetricsContract.LABEL_FEATURE;
import static dev.modelwatch.agent.metrics.MetricsContract.LABEL_MODEL;
import static dev.modelwatch.agent.metrics.MetricsContract.LABEL_OUTPUT;

import dev.modelwatch.agent.record.CategoryCounts;
import dev.modelwatch.agent.record.Column;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericHistogram;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What never changes in the series of one recorder's models, built once: the label sets, the {@code
 * le} bounds of each histogram, and the order client_java sorts data points into. Every scrape then
 * only reads counts: building {@link Labels} validates and sorts names, and adding data points
 * already in label order makes the snapshot's own sort a single pass.
 */
final class ModelSeries {
  /**
   * Models by name, with their position in the recorder's list (the index of their summed cells).
   */
  final Model[] models;

  /** Every feature of every model, in the order of its {@code {feature, model}} labels. */
  final ColumnSeries[] features;

  /** Every output of every model, in the order of its {@code {model, output}} labels. */
  final ColumnSeries[] outputs;

  /**
   * The most buckets of any histogram (with +Inf): scrapes keep one scratch array per count up to
   * it.
   */
  final int maxBuckets;

  /**
   * The recorder's list these series were built from (compared by identity: it is copied on every
   * change).
   */
  final List<ModelMonitor> source;

  ModelSeries(List<ModelMonitor> monitors) {
    this.source = monitors;
    List<Model> byName = new ArrayList<>();
    List<ColumnSeries> features = new ArrayList<>();
    List<ColumnSeries> outputs = new ArrayList<>();
    int maxBuckets = 0;
    for (int m = 0; m < monitors.size(); m++) {
      ModelMonitor monitor = monitors.get(m);
      String name = monitor.name();
      NumericHistogram rows = monitor.rows();
      byName.add(new Model(m, monitor, Labels.of(LABEL_MODEL, name), rows.upperBounds()));
      maxBuckets = Math.max(maxBuckets, rows.upperBounds().length);
      for (Column feature : monitor.features()) {
        if (feature.values() != null && feature.values().pending()) {
          continue; // bounds still learned from the first values: exposed once they are fixed
        }
        ColumnSeries column =
            new ColumnSeries(
                m,
                Labels.of(LABEL_MODEL, name, LABEL_FEATURE, feature.name()),
                feature.values(),
                feature.categories());
        features.add(column);
        if (column.upperBounds != null) {
          maxBuckets = Math.max(maxBuckets, column.upperBounds.length);
        }
      }
      for (Column output : monitor.outputs()) {
        // a regression output's values, or the confidence of a classification output's class
        ColumnSeries column =
            new ColumnSeries(
                m,
                Labels.of(LABEL_MODEL, name, LABEL_OUTPUT, output.name()),
                output.values(),
                null);
        outputs.add(column);
        maxBuckets = Math.max(maxBuckets, column.upperBounds.length);
      }
    }
    byName.sort(Comparator.comparing(model -> model.labels));
    features.sort(Comparator.comparing(column -> column.labels));
    outputs.sort(Comparator.comparing(column -> column.labels));
    this.models = byName.toArray(new Model[0]);
    this.features = features.toArray(new ColumnSeries[0]);
    this.outputs = outputs.toArray(new ColumnSeries[0]);
    this.maxBuckets = maxBuckets;
  }

  /** One model's labels and its batch-rows bounds. */
  static final class Model {
    final int position;
    final ModelMonitor monitor;
    final Labels labels;
    final double[] rowBounds;

    Model(int position, ModelMonitor monitor, Labels labels, double[] rowBounds) {
      this.position = position;
      this.monitor = monitor;
      this.labels = labels;
      this.rowBounds = rowBounds;
    }
  }

  /** One feature or output of one model. */
  static final class ColumnSeries {
    /** The model's position in the recorder's list. */
    final int model;

    final Labels labels;

    /** Null for a categorical feature. */
    final NumericHistogram histogram;

    /** The histogram's bounds with +Inf; null for a categorical feature. */
    final double[] upperBounds;

    /** The counts of a categorical feature, else null. */
    final CategoryCounts categories;

    ColumnSeries(int model, Labels labels, NumericHistogram histogram, CategoryCounts categories) {
      this.model = model;
      this.labels = labels;
      this.histogram = histogram;
      this.upperBounds = histogram != null ? histogram.upperBounds() : null;
      this.categories = categories;
    }
  }
}
