package dev.modelwatch.agent.baseline;

import dev.modelwatch.agent.record.Cells;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.OutputConfig;
import dev.modelwatch.config.baseline.BaselineProfile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Baseline record mode ({@code baseline: {record: FILE, rows: N}}): keeps the first {@code N} raw
 * values of each feature and output of one model, then builds a baseline from them exactly as the
 * {@code baseline} command builds one from a training file.
 *
 * <p>The prediction threads only claim a slot with an atomic increment and store the value into a
 * buffer allocated up front ({@code 8 * N} bytes per numeric column, one reference per categorical
 * one); once a column's buffer is full, a value costs one volatile read. Nothing else happens on
 * those threads: the agent's scheduler thread polls {@link #fillComplete()}, then builds and writes
 * the file. Columns are kept independently (a baseline describes each column's marginal
 * distribution), and the recording is complete when every feature has {@code N} values (outputs
 * when the model has no features).
 */
public final class BaselineRecording implements ModelMonitor.RawValues {

  /** Quantile bins per numeric column, as the command's default. */
  static final int BINS = 10;

  private final ModelConfig model;
  private final Path file;
  private final int capacity;
  private final int topK;
  private final Column[] features;
  private final Column[] outputs;
  private Clock clock = Clock.systemUTC();

  public BaselineRecording(ModelConfig model, Path file, long rows, int topK) {
    this.model = model;
    this.file = file;
    this.capacity = (int) Math.min(rows, Integer.MAX_VALUE - 8);
    this.topK = topK;
    List<FeatureConfig> featureConfigs = model.features();
    features = new Column[featureConfigs.size()];
    for (int i = 0; i < features.length; i++) {
      FeatureConfig feature = featureConfigs.get(i);
      features[i] =
          new Column(feature.name(), feature.kind() == FeatureConfig.Kind.NUMERIC, capacity);
    }
    List<OutputConfig> outputConfigs = model.outputs();
    outputs = new Column[outputConfigs.size()];
    for (int i = 0; i < outputs.length; i++) {
      OutputConfig output = outputConfigs.get(i);
      outputs[i] =
          new Column(output.name(), output.kind() == OutputConfig.Kind.REGRESSION, capacity);
    }
  }

  BaselineRecording clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  public Path file() {
    return file;
  }

  /** Values kept per column. */
  public int rows() {
    return capacity;
  }

  @Override
  public void featureValue(int feature, double value) {
    features[feature].add(value);
  }

  @Override
  public void featureCategory(int feature, String category) {
    features[feature].add(category);
  }

  @Override
  public void outputValue(int output, double value) {
    outputs[output].add(value);
  }

  @Override
  public void outputClass(int output, String label) {
    outputs[output].add(label);
  }

  /** True once every feature (or, without features, every output) holds {@code rows} values. */
  public boolean fillComplete() {
    Column[] required = features.length > 0 ? features : outputs;
    if (required.length == 0) {
      return false;
    }
    for (Column column : required) {
      if (column.size() < capacity) {
        return false;
      }
    }
    return true;
  }

  /**
   * The baseline of the values kept so far. Columns without a single value are left out; call after
   * {@link #fillComplete()} and after in-flight stores have landed.
   */
  public BaselineProfile profile() {
    BaselineProfile.Builder profile =
        BaselineProfile.builder(model.name())
            .createdAt(clock.instant().truncatedTo(ChronoUnit.SECONDS))
            .source("recorded by the agent from the first " + capacity + " rows")
            .rows(capacity);
    for (Column column : features) {
      if (column.numeric) {
        NumericAccumulator values = column.numericValues();
        if (values.present() > 0) {
          profile.numericFeature(column.name, values.toDistribution(BINS, column.size()));
        }
      } else {
        CategoricalAccumulator values = column.categoricalValues();
        if (values.present() > 0) {
          profile.categoricalFeature(column.name, values.toDistribution(topK, column.size()));
        }
      }
    }
    for (Column column : outputs) {
      if (column.numeric) {
        NumericAccumulator values = column.numericValues();
        if (values.present() > 0) {
          profile.numericOutput(column.name, values.toDistribution(BINS, column.size()));
        }
      } else {
        CategoricalAccumulator values = column.categoricalValues();
        if (values.present() > 0) {
          profile.categoricalOutput(column.name, values.toDistribution(topK, column.size()));
        }
      }
    }
    return profile.build();
  }

  /** The first values of one column, written by prediction threads, read by the scheduler. */
  private static final class Column {
    final String name;
    final boolean numeric;
    final int capacity;
    final long[] numbers;
    final AtomicReferenceArray<String> labels;
    final AtomicInteger next = new AtomicInteger();

    Column(String name, boolean numeric, int capacity) {
      this.name = name;
      this.numeric = numeric;
      this.capacity = capacity;
      this.numbers = numeric ? new long[capacity] : null;
      this.labels = numeric ? null : new AtomicReferenceArray<>(capacity);
    }

    void add(double value) {
      if (numbers == null || next.get() >= capacity) {
        return;
      }
      int slot = next.getAndIncrement();
      if (slot < capacity) {
        Cells.setDouble(numbers, slot, value);
      }
    }

    void add(String label) {
      if (labels == null || next.get() >= capacity) {
        return;
      }
      int slot = next.getAndIncrement();
      if (slot < capacity) {
        // a null (missing) label is kept as the text the builder reads as missing
        labels.lazySet(slot, label == null ? "" : label);
      }
    }

    int size() {
      return Math.min(next.get(), capacity);
    }

    NumericAccumulator numericValues() {
      NumericAccumulator values = new NumericAccumulator();
      for (int i = 0; i < size(); i++) {
        values.accept(Cells.readDouble(numbers, i));
      }
      return values;
    }

    CategoricalAccumulator categoricalValues() {
      CategoricalAccumulator values = new CategoricalAccumulator();
      for (int i = 0; i < size(); i++) {
        values.accept(labels.get(i));
      }
      return values;
    }
  }
}
