package dev.modelwatch.agent.record;

import dev.modelwatch.agent.drift.DriftEngine;
import dev.modelwatch.agent.embedding.EmbeddingColumn;
import dev.modelwatch.agent.feedback.ModelFeedback;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.config.Limits;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.OutputConfig;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.OutputExtractor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One configured model at run time: its index, its cell layout, and what is recorded per call.
 * Everything here is resolved once at set-up; the per-call methods only index arrays.
 */
public final class ModelMonitor {
  /** Rows per call, powers of two. */
  private static final double[] ROW_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096};

  /** Confidence of predicted classes. */
  private static final double[] CONFIDENCE_BOUNDS = {
    0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1
  };

  private final int id;
  private final ModelConfig config;
  private final CellLayout layout = new CellLayout();
  private final int started;
  private final int finished;
  private final int latencyBuckets;
  private final int latencySumNanos;

  /**
   * Per writer: successful calls left up to and including the next one captured, 0 before the first
   * gap is drawn; never exported.
   */
  private final int captureLeft;

  /** Calls whose duration was measured. */
  private final int timedCalls;

  /** First of the {@link AdaptiveTiming} slots: per writer, never exported. */
  private final int timing;

  private final boolean adaptiveTiming;

  /** The features and outputs as columns; not final only for {@link #shareLabels}. */
  private List<Column> featureColumns;

  private List<Column> outputColumns;

  /** Not final only for {@link #shareLabels}, before the model is published. */
  private CellLabels errors;

  private final NumericHistogram rows;
  private final NumericHistogram[] numericFeatures;
  private final CategoryCounts[] categoricalFeatures;
  private final NumericHistogram[] numericOutputs;
  private final CategoryCounts[] classOutputs;
  private final InputExtractor inputExtractor;
  private final OutputExtractor outputExtractor;

  /** Per feature index: the embedding whose norm column it is, else null. */
  private final EmbeddingColumn[] featureEmbeddings;

  /** Per output index: the embedding whose norm column it is, else null. */
  private final EmbeddingColumn[] outputEmbeddings;

  private final List<EmbeddingColumn> embeddings;

  /** Every feature numeric and no raw values wanted: a primitive row is recorded in one loop. */
  private final boolean wholeRows;

  /**
   * Null except while a baseline is being recorded from live calls (see {@link RawValues}), or
   * while bucket bounds are learned from the first values ({@link LearnedBounds}).
   */
  private final RawValues raw;

  /** The same as {@link #raw} while bounds are learned, else null. */
  private final LearnedBounds learning;

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
    this.raw = raw;
    this.config = config;
    // finished before started: sums read slots in order, so in-flight never goes negative
    this.finished = layout.longs(1);
    this.started = layout.longs(1);
    this.latencyBuckets = layout.longs(LatencyBuckets.count());
    this.latencySumNanos = layout.longs(1);
    this.captureLeft = layout.longs(1);
    this.timedCalls = layout.longs(1);
    this.timing = layout.longs(AdaptiveTiming.SLOTS);
    this.adaptiveTiming = config.adaptiveTiming();
    this.errors = new CellLabels(limits.exceptions(), List.of(), layout);
    this.rows = new NumericHistogram("rows", ROW_BOUNDS, Double.NaN, Double.NaN, layout);

    List<FeatureConfig> features = config.features();
    numericFeatures = new NumericHistogram[features.size()];
    categoricalFeatures = new CategoryCounts[features.size()];
    for (int i = 0; i < features.size(); i++) {
      FeatureConfig feature = features.get(i);
      if (feature.kind() == FeatureConfig.Kind.CATEGORICAL) {
        categoricalFeatures[i] =
            new CategoryCounts(
                feature.name(), limits.categories(), specs.categories(feature.name()), layout);
      } else {
        NumericSpec spec = specs.feature(feature.name(), feature.buckets());
        numericFeatures[i] =
            spec.isLearned()
                ? new NumericHistogram(
                    feature.name(),
                    spec.bounds(),
                    spec.min(),
                    spec.max(),
                    layout,
                    LearnedBounds.BUCKETS,
                    raw instanceof LearnedBounds)
                : new NumericHistogram(
                    feature.name(), spec.bounds(), spec.min(), spec.max(), layout);
      }
    }
    List<OutputConfig> outputs = config.outputs();
    numericOutputs = new NumericHistogram[outputs.size()];
    classOutputs = new CategoryCounts[outputs.size()];
    for (int i = 0; i < outputs.size(); i++) {
      OutputConfig output = outputs.get(i);
      if (output.kind() == OutputConfig.Kind.CLASSIFICATION) {
        classOutputs[i] =
            new CategoryCounts(
                output.name(), limits.classes(), specs.classes(output.name()), layout);
        numericOutputs[i] =
            new NumericHistogram(output.name(), CONFIDENCE_BOUNDS, Double.NaN, Double.NaN, layout);
      } else {
        NumericSpec spec = specs.output(output.name(), output.buckets());
        numericOutputs[i] =
            new NumericHistogram(output.name(), spec.bounds(), spec.min(), spec.max(), layout);
      }
    }
    List<EmbeddingColumn> vectors = new ArrayList<>();
    featureEmbeddings = new EmbeddingColumn[features.size()];
    for (int i = 0; i < features.size(); i++) {
      FeatureConfig feature = features.get(i);
      if (feature.embedding() != null && feature.kind() == FeatureConfig.Kind.NUMERIC) {
        int cluster = indexOf(features, feature.embedding().clusterColumn());
        featureEmbeddings[i] =
            new EmbeddingColumn(
                feature.embedding(),
                false,
                i,
                cluster,
                specs.embedding(feature.embedding().clusterColumn(), false),
                layout);
        vectors.add(featureEmbeddings[i]);
      }
    }
    outputEmbeddings = new EmbeddingColumn[outputs.size()];
    for (int i = 0; i < outputs.size(); i++) {
      OutputConfig output = outputs.get(i);
      if (output.embedding() != null && output.kind() == OutputConfig.Kind.REGRESSION) {
        int cluster = -1;
        for (int o = 0; o < outputs.size(); o++) {
          if (outputs.get(o).name().equals(output.embedding().clusterColumn())) {
            cluster = o;
          }
        }
        outputEmbeddings[i] =
            new EmbeddingColumn(
                output.embedding(),
                true,
                i,
                cluster,
                specs.embedding(output.embedding().clusterColumn(), true),
                layout);
        vectors.add(outputEmbeddings[i]);
      }
    }
    this.embeddings = Collections.unmodifiableList(vectors);
    this.inputExtractor = inputExtractor;
    this.outputExtractor = outputExtractor;
    this.learning = raw instanceof LearnedBounds ? (LearnedBounds) raw : null;
    boolean numeric = raw == null;
    for (NumericHistogram histogram : numericFeatures) {
      numeric &= histogram != null;
    }
    this.wholeRows = numeric;
    this.featureColumns = Column.features(numericFeatures, categoricalFeatures);
    this.outputColumns = Column.outputs(numericOutputs, classOutputs);
  }

  private static int indexOf(List<FeatureConfig> features, String name) {
    for (int f = 0; f < features.size(); f++) {
      if (features.get(f).name().equals(name)) {
        return f;
      }
    }
    return -1;
  }

  public int id() {
    return id;
  }

  /** The embedding whose norm column is feature {@code feature}, or null. */
  EmbeddingColumn featureEmbedding(int feature) {
    return feature < featureEmbeddings.length ? featureEmbeddings[feature] : null;
  }

  /** The embedding whose norm column is output {@code output}, or null. */
  EmbeddingColumn outputEmbedding(int output) {
    return output < outputEmbeddings.length ? outputEmbeddings[output] : null;
  }

  /** The model's embeddings ({@code kind: embedding}), features first, in config order. */
  public List<EmbeddingColumn> embeddings() {
    return embeddings;
  }

  public String name() {
    return config.name();
  }

  public ModelConfig config() {
    return config;
  }

  public CellLayout layout() {
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
      errors.increment(cells, thrown.getClass().getName());
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
    errors = from.errors;
    System.arraycopy(
        from.categoricalFeatures, 0, categoricalFeatures, 0, categoricalFeatures.length);
    System.arraycopy(from.classOutputs, 0, classOutputs, 0, classOutputs.length);
    featureColumns = Column.features(numericFeatures, categoricalFeatures);
    outputColumns = Column.outputs(numericOutputs, classOutputs);
  }

  /** The bounds this model is learning, or null. */
  LearnedBounds learning() {
    return learning;
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
    NumericHistogram histogram = numericFeatures[feature];
    if (histogram != null) {
      if (raw == null) {
        histogram.record(cells, value);
      } else {
        recordWithRaw(cells, feature, histogram, value);
      }
    } else {
      categoricalFeatures[feature].recordCode(cells, value);
      if (raw != null) {
        raw.featureCategory(feature, value != value ? null : CategoryCounts.label(value));
      }
    }
  }

  private void recordWithRaw(long[] cells, int feature, NumericHistogram histogram, double value) {
    if (histogram.pending() && value == value) {
      learning.value(cells, feature, value);
      return;
    }
    histogram.record(cells, value);
    raw.featureValue(feature, value);
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
    CategoryCounts counts = categoricalFeatures[feature];
    if (counts != null) {
      counts.record(cells, value);
      if (raw != null) {
        raw.featureCategory(feature, value);
      }
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
    NumericHistogram histogram = numericFeatures[feature];
    if (histogram != null) {
      histogram.recordMissing(cells);
      if (raw != null) {
        raw.featureValue(feature, Double.NaN);
      }
    } else {
      categoricalFeatures[feature].recordMissing(cells);
      if (raw != null) {
        raw.featureCategory(feature, null);
      }
    }
  }

  void recordOutputValue(long[] cells, int output, double value) {
    if (value == value) {
      numericOutputs[output].record(cells, value);
      if (raw != null && classOutputs[output] == null) {
        raw.outputValue(output, value);
      }
    }
  }

  void recordOutputClass(long[] cells, int output, String label, double confidence) {
    CategoryCounts classes = classOutputs[output];
    if (classes == null) {
      return;
    }
    classes.record(cells, label);
    if (raw != null) {
      raw.outputClass(output, label);
    }
    if (confidence == confidence) {
      numericOutputs[output].record(cells, confidence);
    }
  }

  private static double parseOrNaN(String value) {
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
    return errors;
  }

  public NumericHistogram rows() {
    return rows;
  }

  /** The features, in config order (discovered ones once discovered). */
  public List<Column> features() {
    return featureColumns;
  }

  /** The outputs, in config order. */
  public List<Column> outputs() {
    return outputColumns;
  }

  /**
   * Per feature index: the histogram of a numeric feature, else null; the recording's own array
   * (readers iterate {@link #features()}).
   */
  public NumericHistogram[] numericFeatures() {
    return numericFeatures;
  }

  /** Per feature index: the counts of a categorical feature, else null. */
  public CategoryCounts[] categoricalFeatures() {
    return categoricalFeatures;
  }

  /** Per output index: values of a regression output, or confidences of a classification output. */
  public NumericHistogram[] numericOutputs() {
    return numericOutputs;
  }

  /** Per output index: class counts of a classification output, else null. */
  public CategoryCounts[] classOutputs() {
    return classOutputs;
  }

  /** Reads the totals of this model out of summed cells (see {@link CellRegistry#sum}). */
  public CallTotals totals(long[] sum) {
    long[] buckets = new long[LatencyBuckets.count()];
    System.arraycopy(sum, latencyBuckets, buckets, 0, buckets.length);
    return new CallTotals(
        sum[started], sum[finished], buckets, sum[latencySumNanos], sum[timedCalls]);
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

  /** Call counts of one model, summed over threads. */
  public static final class CallTotals {
    public final long started;
    public final long finished;
    public final long[] latencyBuckets;
    public final long latencySumNanos;

    /** Calls whose duration was measured (the others carry the last one measured). */
    public final long timed;

    CallTotals(
        long started, long finished, long[] latencyBuckets, long latencySumNanos, long timed) {
      this.started = started;
      this.finished = finished;
      this.latencyBuckets = latencyBuckets;
      this.latencySumNanos = latencySumNanos;
      this.timed = timed;
    }

    /** Started minus finished; never negative (finished is read first when summing). */
    public long inFlight() {
      return Math.max(0, started - finished);
    }
  }
}
