package dev.modelwatch.agent.record;

import dev.modelwatch.agent.drift.DriftEngine;
import dev.modelwatch.agent.embedding.EmbeddingColumn;
import dev.modelwatch.agent.feedback.ModelFeedback;
import dev.modelwatch.config.Limits;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.OutputExtractor;
import java.util.List;

/**
 * One configured model at run time, on the prediction path: what a call records, written into the
 * slots of its {@link ModelLayout} (fixed at start-up). Everything is resolved once at set-up; the
 * per-call methods only index arrays. A model whose values are also wanted one by one (a baseline
 * recorded from live calls, bounds being learned) hands each value to its {@link RawRecording}
 * instead: one null test per value here, the rest there.
 */
public final class ModelMonitor {
  private final int id;
  private final ModelConfig config;
  private final ModelLayout layout;

  // the layout's slots and arrays, held here for the per-call methods
  private final int started;
  private final int finished;
  private final int latencyBuckets;
  private final int latencySumNanos;
  private final int captureLeft;
  private final int timedCalls;
  private final int timing;
  private final NumericHistogram rows;
  private final NumericHistogram[] numericFeatures;
  private final CategoryCounts[] categoricalFeatures;
  private final NumericHistogram[] numericOutputs;
  private final CategoryCounts[] classOutputs;

  private final boolean adaptiveTiming;
  private final InputExtractor inputExtractor;
  private final OutputExtractor outputExtractor;

  /** Every feature numeric and no raw values wanted: a primitive row is recorded in one loop. */
  private final boolean wholeRows;

  /**
   * Null except while a baseline is being recorded from live calls, or while bucket bounds are
   * learned from the first values ({@link LearnedBounds}).
   */
  private final RawRecording raw;

  private ModelFeedback feedback;
  private volatile DriftEngine drift;

  public ModelMonitor(
      int id,
      ModelConfig config,
      Limits limits,
      NumericSpec.Source specs,
      InputExtractor inputExtractor,
      OutputExtractor outputExtractor) {
    this(id, config, limits, specs, inputExtractor, outputExtractor, null);
  }

  /**
   * @param raw also receives every recorded value (baseline record mode), or null
   */
  public ModelMonitor(
      int id,
      ModelConfig config,
      Limits limits,
      NumericSpec.Source specs,
      InputExtractor inputExtractor,
      OutputExtractor outputExtractor,
      RawValues raw) {
    this.id = id;
    this.config = config;
    this.layout = new ModelLayout(config, limits, specs, raw instanceof LearnedBounds);
    this.started = layout.started;
    this.finished = layout.finished;
    this.latencyBuckets = layout.latencyBuckets;
    this.latencySumNanos = layout.latencySumNanos;
    this.captureLeft = layout.captureLeft;
    this.timedCalls = layout.timedCalls;
    this.timing = layout.timing;
    this.rows = layout.rows;
    this.numericFeatures = layout.numericFeatures;
    this.categoricalFeatures = layout.categoricalFeatures;
    this.numericOutputs = layout.numericOutputs;
    this.classOutputs = layout.classOutputs;
    this.adaptiveTiming = config.adaptiveTiming();
    this.inputExtractor = inputExtractor;
    this.outputExtractor = outputExtractor;
    this.raw = raw == null ? null : new RawRecording(layout, raw);
    this.wholeRows = raw == null && layout.allFeaturesNumeric();
  }

  public int id() {
    return id;
  }

  /** The embedding whose norm column is feature {@code feature}, or null. */
  EmbeddingColumn featureEmbedding(int feature) {
    return layout.featureEmbedding(feature);
  }

  /** The embedding whose norm column is output {@code output}, or null. */
  EmbeddingColumn outputEmbedding(int output) {
    return layout.outputEmbedding(output);
  }

  /** The model's embeddings ({@code kind: embedding}), features first, in config order. */
  public List<EmbeddingColumn> embeddings() {
    return layout.embeddings();
  }

  public String name() {
    return config.name();
  }

  public ModelConfig config() {
    return config;
  }

  /** What this model records, fixed at start-up. */
  public ModelLayout layout() {
    return layout;
  }

  public void callStarted(long[] cells) {
    Cells.publish(cells, started);
  }

  /**
   * Whether this sampled call reads the clock (see {@link AdaptiveTiming}); always under {@code
   * timing: every}.
   */
  public boolean timesThisCall(long[] cells) {
    return !adaptiveTiming || AdaptiveTiming.timesThisCall(cells, timing);
  }

  /**
   * Whether this successful call is one of the share {@code rate} whose payload is captured: the
   * writer counts down a geometric gap (see {@link ThreadCells#gap}), so a call not captured costs
   * a decrement, not a random draw.
   */
  boolean captureDue(long[] cells, double rate, ThreadCells writer) {
    long left = cells[captureLeft];
    if (left == 0) {
      left = writer.gap(rate);
    }
    cells[captureLeft] = left - 1;
    return left == 1;
  }

  /** A timed call started at {@code nanos}: adapts the share of calls timed to the call rate. */
  public void timedCallStarted(long[] cells, long nanos) {
    if (adaptiveTiming) {
      AdaptiveTiming.started(cells, timing, nanos);
    }
  }

  /** A sampled call ended: timed. */
  public void callFinished(long[] cells, long nanos, Throwable thrown) {
    int bucket = LatencyBuckets.indexOf(nanos);
    Cells.increment(cells, latencyBuckets + bucket);
    Cells.add(cells, latencySumNanos, nanos);
    Cells.increment(cells, timedCalls);
    if (adaptiveTiming) {
      AdaptiveTiming.measured(cells, timing, bucket, nanos);
    }
    callFinished(cells, thrown);
  }

  /**
   * A sampled call ended without reading the clock (adaptive timing at a high call rate): it counts
   * in the latency histogram with the latency last measured by this writer, so the histogram's
   * count stays the number of sampled calls.
   */
  public void untimedCallFinished(long[] cells, Throwable thrown) {
    Cells.increment(cells, latencyBuckets + AdaptiveTiming.lastBucket(cells, timing));
    Cells.add(cells, latencySumNanos, AdaptiveTiming.lastNanos(cells, timing));
    callFinished(cells, thrown);
  }

  /**
   * A call ended; unsampled calls are counted but not timed. The call's last write to its cells: it
   * publishes the others (see {@link Cells}).
   */
  public void callFinished(long[] cells, Throwable thrown) {
    if (thrown != null) {
      layout.errors().increment(cells, thrown.getClass().getName());
    }
    Cells.publish(cells, finished);
  }

  /**
   * Keeps this model's predictions for ground truth; set at start-up, before the recorder is
   * installed.
   */
  public void useFeedback(ModelFeedback feedback) {
    this.feedback = feedback;
  }

  /**
   * The drift engine a baseline known only after start-up (a Tribuo model's training statistics, at
   * its first call) joins; set at start-up, before the recorder is installed.
   */
  public void useDrift(DriftEngine drift) {
    this.drift = drift;
  }

  /** Null when none was set (tests that build monitors alone). */
  public DriftEngine drift() {
    return drift;
  }

  /** The model's feedback, or null when it takes none. */
  public ModelFeedback feedback() {
    return feedback;
  }

  /**
   * Takes the label slots (exception classes, categories, classes) of {@code from}, a model of the
   * same layout this one replaces after calls were recorded: the labels admitted so far keep their
   * slots. Before this one is published.
   */
  void shareLabels(ModelMonitor from) {
    layout.shareLabels(from.layout);
  }

  /** The bounds this model is learning, or null. */
  LearnedBounds learning() {
    return raw == null ? null : raw.learning();
  }

  double sampling() {
    return config.sampling();
  }

  InputExtractor inputExtractor() {
    return inputExtractor;
  }

  OutputExtractor outputExtractor() {
    return outputExtractor;
  }

  void recordRows(long[] cells, int count) {
    rows.record(cells, count);
  }

  void recordNumericFeature(long[] cells, int feature, double value) {
    if (raw != null) {
      raw.numericFeature(cells, feature, value);
      return;
    }
    NumericHistogram histogram = numericFeatures[feature];
    if (histogram != null) {
      histogram.record(cells, value);
    } else {
      categoricalFeatures[feature].recordCode(cells, value);
    }
  }

  boolean recordsWholeRows() {
    return wholeRows;
  }

  /**
   * A row of numeric features, feature {@code f} at {@code row[columns[f]]}; only when {@link
   * #recordsWholeRows}. The same as {@link #recordNumericFeature} per feature, in one loop over the
   * histograms: the common case of a model called with a {@code float[]}.
   */
  void recordNumericRow(long[] cells, float[] row, int[] columns) {
    NumericHistogram[] histograms = numericFeatures;
    for (int f = 0; f < histograms.length; f++) {
      histograms[f].record(cells, row[columns[f]]);
    }
  }

  void recordCategoryFeature(long[] cells, int feature, String value) {
    if (raw != null) {
      raw.categoryFeature(cells, feature, value);
      return;
    }
    CategoryCounts counts = categoricalFeatures[feature];
    if (counts != null) {
      counts.record(cells, value);
    } else {
      recordNumericFeature(cells, feature, parseOrNaN(value));
    }
  }

  void recordCategoryCode(long[] cells, int feature, double code) {
    recordNumericFeature(cells, feature, code);
  }

  /**
   * Late-bound training range of a numeric feature, for libraries whose models carry it (Tribuo):
   * used only when set-up knew no range for it.
   *
   * @return true if the range was taken
   */
  public boolean bindTrainingRange(int feature, double min, double max) {
    NumericHistogram histogram = numericFeatures[feature];
    return histogram != null && histogram.bindRange(min, max);
  }

  void recordMissingFeature(long[] cells, int feature) {
    if (raw != null) {
      raw.missingFeature(cells, feature);
      return;
    }
    NumericHistogram histogram = numericFeatures[feature];
    if (histogram != null) {
      histogram.recordMissing(cells);
    } else {
      categoricalFeatures[feature].recordMissing(cells);
    }
  }

  void recordOutputValue(long[] cells, int output, double value) {
    if (value == value) {
      if (raw != null) {
        raw.outputValue(cells, output, value);
      } else {
        numericOutputs[output].record(cells, value);
      }
    }
  }

  void recordOutputClass(long[] cells, int output, String label, double confidence) {
    CategoryCounts classes = classOutputs[output];
    if (classes == null) {
      return;
    }
    if (raw != null) {
      raw.outputClass(cells, output, classes, label);
    } else {
      classes.record(cells, label);
    }
    if (confidence == confidence) {
      numericOutputs[output].record(cells, confidence);
    }
  }

  static double parseOrNaN(String value) {
    if (value == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  public CellLabels errors() {
    return layout.errors();
  }

  public NumericHistogram rows() {
    return rows;
  }

  /** The features, in config order (discovered ones once discovered). */
  public List<Column> features() {
    return layout.features();
  }

  /** The outputs, in config order. */
  public List<Column> outputs() {
    return layout.outputs();
  }

  /**
   * Per feature index: the histogram of a numeric feature, else null; the recording's own array
   * (readers iterate {@link #features()}).
   */
  NumericHistogram[] numericFeatures() {
    return numericFeatures;
  }

  /** Reads the totals of this model out of summed cells (see {@link CellRegistry#sum}). */
  public ModelLayout.CallTotals totals(long[] sum) {
    return layout.totals(sum);
  }

  /**
   * Receives the raw values of a model's calls, by feature or output index, on the prediction
   * thread; used only while a baseline is recorded from live traffic. Implementations must not
   * block, lock or log.
   */
  public interface RawValues {
    /** A numeric feature's value; NaN when missing. */
    void featureValue(int feature, double value);

    /** A categorical feature's value; null when missing. */
    void featureCategory(int feature, String category);

    /** A regression output's value (never NaN). */
    void outputValue(int output, double value);

    /** A classification output's predicted class. */
    void outputClass(int output, String label);
  }
}
