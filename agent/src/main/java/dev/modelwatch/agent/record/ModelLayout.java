package dev.modelwatch.agent.record;

import dev.modelwatch.agent.embedding.EmbeddingColumn;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.config.Limits;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.OutputConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * What a model records, fixed at start-up: the slots of its cells ({@link CellLayout}) for calls,
 * latency and the per-writer state, and its columns (each feature's and output's histogram or
 * category counts, the embeddings, the exception labels). The hot path ({@link ModelMonitor})
 * writes into these slots; readers (metrics, drift, the page) read summed cells through them.
 */
public final class ModelLayout {
  /** Rows per call, powers of two. */
  private static final double[] ROW_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096};

  /** Confidence of predicted classes. */
  private static final double[] CONFIDENCE_BOUNDS = {
    0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1
  };

  private final CellLayout cells = new CellLayout();
  final int started;
  final int finished;
  final int latencyBuckets;
  final int latencySumNanos;

  /**
   * Per writer: successful calls left up to and including the next one captured, 0 before the first
   * gap is drawn; never exported.
   */
  final int captureLeft;

  /** Calls whose duration was measured. */
  final int timedCalls;

  /** First of the {@link AdaptiveTiming} slots: per writer, never exported. */
  final int timing;

  /** Not final only for {@link #shareLabels}, before the model is published. */
  private CellLabels errors;

  final NumericHistogram rows;

  /** Per feature index: the histogram of a numeric feature, else null. */
  final NumericHistogram[] numericFeatures;

  /** Per feature index: the counts of a categorical feature, else null. */
  final CategoryCounts[] categoricalFeatures;

  /** Per output index: values of a regression output, or confidences of a classification output. */
  final NumericHistogram[] numericOutputs;

  /** Per output index: class counts of a classification output, else null. */
  final CategoryCounts[] classOutputs;

  /** Per feature index: the embedding whose norm column it is, else null. */
  private final EmbeddingColumn[] featureEmbeddings;

  /** Per output index: the embedding whose norm column it is, else null. */
  private final EmbeddingColumn[] outputEmbeddings;

  private final List<EmbeddingColumn> embeddings;

  /** The features and outputs as columns; not final only for {@link #shareLabels}. */
  private List<Column> featureColumns;

  private List<Column> outputColumns;

  /**
   * @param keepsLearnedValues numeric features whose bounds are learned keep their first values
   *     aside ({@link LearnedBounds}) instead of counting them in provisional buckets
   */
  ModelLayout(
      ModelConfig config, Limits limits, NumericSpec.Source specs, boolean keepsLearnedValues) {
    // finished before started: sums read slots in order, so in-flight never goes negative
    this.finished = cells.longs(1);
    this.started = cells.longs(1);
    this.latencyBuckets = cells.longs(LatencyBuckets.count());
    this.latencySumNanos = cells.longs(1);
    this.captureLeft = cells.longs(1);
    this.timedCalls = cells.longs(1);
    this.timing = cells.longs(AdaptiveTiming.SLOTS);
    this.errors = new CellLabels(limits.exceptions(), List.of(), cells);
    this.rows = new NumericHistogram("rows", ROW_BOUNDS, Double.NaN, Double.NaN, cells);

    List<FeatureConfig> features = config.features();
    numericFeatures = new NumericHistogram[features.size()];
    categoricalFeatures = new CategoryCounts[features.size()];
    for (int i = 0; i < features.size(); i++) {
      FeatureConfig feature = features.get(i);
      if (feature.kind() == FeatureConfig.Kind.CATEGORICAL) {
        categoricalFeatures[i] =
            new CategoryCounts(
                feature.name(), limits.categories(), specs.categories(feature.name()), cells);
      } else {
        NumericSpec spec = specs.feature(feature.name(), feature.buckets());
        numericFeatures[i] =
            spec.isLearned()
                ? new NumericHistogram(
                    feature.name(),
                    spec.bounds(),
                    spec.min(),
                    spec.max(),
                    cells,
                    LearnedBounds.BUCKETS,
                    keepsLearnedValues)
                : new NumericHistogram(
                    feature.name(), spec.bounds(), spec.min(), spec.max(), cells);
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
                output.name(), limits.classes(), specs.classes(output.name()), cells);
        numericOutputs[i] =
            new NumericHistogram(output.name(), CONFIDENCE_BOUNDS, Double.NaN, Double.NaN, cells);
      } else {
        NumericSpec spec = specs.output(output.name(), output.buckets());
        numericOutputs[i] =
            new NumericHistogram(output.name(), spec.bounds(), spec.min(), spec.max(), cells);
      }
    }
    List<EmbeddingColumn> vectors = new ArrayList<>();
    featureEmbeddings = new EmbeddingColumn[features.size()];
    for (int i = 0; i < features.size(); i++) {
      FeatureConfig feature = features.get(i);
      if (feature.embedding() != null && feature.kind() == FeatureConfig.Kind.NUMERIC) {
        featureEmbeddings[i] =
            new EmbeddingColumn(
                feature.embedding(),
                false,
                i,
                indexOf(features, FeatureConfig::name, feature.embedding().clusterColumn()),
                specs.embedding(feature.embedding().clusterColumn(), false),
                cells);
        vectors.add(featureEmbeddings[i]);
      }
    }
    outputEmbeddings = new EmbeddingColumn[outputs.size()];
    for (int i = 0; i < outputs.size(); i++) {
      OutputConfig output = outputs.get(i);
      if (output.embedding() != null && output.kind() == OutputConfig.Kind.REGRESSION) {
        outputEmbeddings[i] =
            new EmbeddingColumn(
                output.embedding(),
                true,
                i,
                indexOf(outputs, OutputConfig::name, output.embedding().clusterColumn()),
                specs.embedding(output.embedding().clusterColumn(), true),
                cells);
        vectors.add(outputEmbeddings[i]);
      }
    }
    this.embeddings = Collections.unmodifiableList(vectors);
    this.featureColumns = Column.features(numericFeatures, categoricalFeatures);
    this.outputColumns = Column.outputs(numericOutputs, classOutputs);
  }

  /** The index of the column named {@code wanted}, or -1. */
  private static <T> int indexOf(List<T> columns, Function<T, String> name, String wanted) {
    for (int i = 0; i < columns.size(); i++) {
      if (name.apply(columns.get(i)).equals(wanted)) {
        return i;
      }
    }
    return -1;
  }

  /** The slots of one writer's cells for this model. */
  public CellLayout cells() {
    return cells;
  }

  /** Number of slots of one writer's cells for this model. */
  public int size() {
    return cells.size();
  }

  /**
   * Takes the label slots (exception classes, categories, classes) of {@code from}, a layout of the
   * same size that this one replaces after calls were recorded: the labels admitted so far keep
   * their slots. Before the model is published.
   */
  void shareLabels(ModelLayout from) {
    errors = from.errors;
    System.arraycopy(
        from.categoricalFeatures, 0, categoricalFeatures, 0, categoricalFeatures.length);
    System.arraycopy(from.classOutputs, 0, classOutputs, 0, classOutputs.length);
    featureColumns = Column.features(numericFeatures, categoricalFeatures);
    outputColumns = Column.outputs(numericOutputs, classOutputs);
  }

  /** Every feature is numeric: a primitive row can be recorded in one loop. */
  boolean allFeaturesNumeric() {
    for (NumericHistogram histogram : numericFeatures) {
      if (histogram == null) {
        return false;
      }
    }
    return true;
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

  /** Exception classes of failed calls. */
  public CellLabels errors() {
    return errors;
  }

  /** Rows per call. */
  public NumericHistogram rows() {
    return rows;
  }

  /** The features, in config order. */
  public List<Column> features() {
    return featureColumns;
  }

  /** The outputs, in config order. */
  public List<Column> outputs() {
    return outputColumns;
  }

  /** Reads the call totals out of summed cells (see {@link CellRegistry#sum}). */
  public CallTotals totals(long[] sum) {
    long[] buckets = new long[LatencyBuckets.count()];
    System.arraycopy(sum, latencyBuckets, buckets, 0, buckets.length);
    return new CallTotals(
        sum[started], sum[finished], buckets, sum[latencySumNanos], sum[timedCalls]);
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
