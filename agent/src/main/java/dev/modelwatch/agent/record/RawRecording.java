package dev.modelwatch.agent.record;

/**
 * The recording of a model whose values are also wanted one by one: a baseline recorded from live
 * calls ({@code baseline: {record: ...}}) or bucket bounds learned from the first values ({@link
 * LearnedBounds}). Each method counts the value in the model's cells as {@link ModelMonitor} does
 * and hands it to the {@link ModelMonitor.RawValues}; while a feature's bounds are still being
 * learned, its values are kept aside by {@link LearnedBounds} instead. {@link ModelMonitor} calls
 * this only when the model has one, so the plain recording never tests for it per value.
 */
final class RawRecording {
  private final ModelLayout layout;
  private final ModelMonitor.RawValues raw;

  /** The same as {@link #raw} while bounds are learned, else null. */
  private final LearnedBounds learning;

  RawRecording(ModelLayout layout, ModelMonitor.RawValues raw) {
    this.layout = layout;
    this.raw = raw;
    this.learning = raw instanceof LearnedBounds ? (LearnedBounds) raw : null;
  }

  LearnedBounds learning() {
    return learning;
  }

  void numericFeature(long[] cells, int feature, double value) {
    NumericHistogram histogram = layout.numericFeatures[feature];
    if (histogram == null) {
      layout.categoricalFeatures[feature].recordCode(cells, value);
      raw.featureCategory(feature, value != value ? null : CategoryCounts.label(value));
    } else if (histogram.pending() && value == value) {
      // only histograms of learned bounds are pending, and only while learning is set
      learning.value(cells, feature, value);
    } else {
      histogram.record(cells, value);
      raw.featureValue(feature, value);
    }
  }

  void categoryFeature(long[] cells, int feature, String value) {
    CategoryCounts counts = layout.categoricalFeatures[feature];
    if (counts == null) {
      numericFeature(cells, feature, ModelMonitor.parseOrNaN(value));
    } else {
      counts.record(cells, value);
      raw.featureCategory(feature, value);
    }
  }

  void missingFeature(long[] cells, int feature) {
    NumericHistogram histogram = layout.numericFeatures[feature];
    if (histogram != null) {
      histogram.recordMissing(cells);
      raw.featureValue(feature, Double.NaN);
    } else {
      layout.categoricalFeatures[feature].recordMissing(cells);
      raw.featureCategory(feature, null);
    }
  }

  /** A value of output {@code output}, not NaN. */
  void outputValue(long[] cells, int output, double value) {
    layout.numericOutputs[output].record(cells, value);
    if (layout.classOutputs[output] == null) {
      raw.outputValue(output, value);
    }
  }

  /** The predicted class of a classification output. */
  void outputClass(long[] cells, int output, CategoryCounts classes, String label) {
    classes.record(cells, label);
    raw.outputClass(output, label);
  }
}
