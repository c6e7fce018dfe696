package dev.modelwatch.agent.record;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.config.Limits;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.OutputExtractor;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Bucket bounds of numeric features nothing gives bounds for (discovered features without a
 * baseline, without training statistics in the model), learned from their first values. Until one
 * such feature has {@link #VALUES} values, or a reader (scrape, push, page) comes and some values
 * are kept, the model keeps their values here instead of in histograms (their histograms are not
 * exposed yet); then the bounds of all of them are fixed at once, at the kept values' minimum,
 * every 5 % quantile and maximum (rounded up to six significant digits), a model with those bounds
 * and the same cell layout replaces the learning one, and the kept values are recorded into it on
 * the thread that fixed them. Nothing is lost or counted twice: calls, rows, outputs and missing
 * values are recorded as usual throughout, into the same cells.
 *
 * <p>Only the first values of a model take a lock (one per value); calls that still hold the
 * learning model after the switch record into the new one through {@link #fixed}.
 */
public final class LearnedBounds implements ModelMonitor.RawValues {
  /** Values of one feature the bounds are learned from. */
  public static final int VALUES = 1000;

  /** Quantile steps: bounds at the minimum, every 1/STEPS, and the maximum. */
  private static final int STEPS = 20;

  /** Bucket slots of a learned histogram: at most STEPS + 1 bounds, and +Inf. */
  static final int BUCKETS = STEPS + 2;

  private static final int NAMES_SHOWN = 5;

  private final int id;
  private final ModelConfig config;
  private final Limits limits;
  private final NumericSpec.Source specs;
  private final InputExtractor input;
  private final OutputExtractor output;
  private final Consumer<ModelMonitor> replaced;
  private final AgentErrors errors;

  /** Per feature index: true when its bounds are learned. */
  private final boolean[] learns;

  private ModelMonitor learning;
  // guarded by this, until fixed
  private double[][] kept;
  private int[] counts;
  private boolean failed;
  private volatile ModelMonitor fixed;

  private LearnedBounds(
      int id,
      ModelConfig config,
      Limits limits,
      NumericSpec.Source specs,
      InputExtractor input,
      OutputExtractor output,
      Consumer<ModelMonitor> replaced,
      AgentErrors errors,
      boolean[] learns) {
    this.id = id;
    this.config = config;
    this.limits = limits;
    this.specs = specs;
    this.input = input;
    this.output = output;
    this.replaced = replaced;
    this.errors = errors;
    this.learns = learns;
    this.kept = new double[learns.length][];
    this.counts = new int[learns.length];
  }

  /**
   * A model recording {@code config}: when some numeric feature has only the default bounds from
   * {@code specs}, one that learns them, which {@code replaced} later receives the replacement of
   * (on a prediction thread, once); else the plain model.
   */
  public static ModelMonitor monitor(
      int id,
      ModelConfig config,
      Limits limits,
      NumericSpec.Source specs,
      InputExtractor input,
      OutputExtractor output,
      Consumer<ModelMonitor> replaced,
      AgentErrors errors) {
    List<FeatureConfig> features = config.features();
    boolean[] learns = new boolean[features.size()];
    boolean any = false;
    for (int f = 0; f < learns.length; f++) {
      FeatureConfig feature = features.get(f);
      learns[f] =
          feature.kind() != FeatureConfig.Kind.CATEGORICAL
              && specs.feature(feature.name(), feature.buckets()).isDefault();
      any |= learns[f];
    }
    if (!any) {
      return new ModelMonitor(id, config, limits, specs, input, output);
    }
    LearnedBounds learned =
        new LearnedBounds(id, config, limits, specs, input, output, replaced, errors, learns);
    learned.learning =
        new ModelMonitor(id, config, limits, learned.source(null), input, output, learned);
    return learned.learning;
  }

  /** A value of a feature whose bounds are learned; never NaN. */
  void value(long[] cells, int feature, double value) {
    ModelMonitor done = fixed;
    if (done == null) {
      synchronized (this) {
        done = fixed;
        if (done == null) {
          if (failed) {
            learning.numericFeatures()[feature].record(cells, value);
          } else {
            keep(feature, value);
            if (counts[feature] >= VALUES) {
              fix(cells);
            }
          }
          return;
        }
      }
    }
    done.numericFeatures()[feature].record(cells, value);
  }

  /**
   * From a reader (scrape, push, page) that must see every value: fixes the bounds from the values
   * kept so far when there are any, recording them into cells no call uses.
   */
  void fixForRead(CellRegistry registry) {
    if (fixed != null) {
      return;
    }
    synchronized (this) {
      if (fixed != null || failed || !anyKept()) {
        return;
      }
      registry.writeAside(id, this::fix);
    }
  }

  private boolean anyKept() {
    for (int count : counts) {
      if (count > 0) {
        return true;
      }
    }
    return false;
  }

  private void keep(int feature, double value) {
    double[] values = kept[feature];
    int count = counts[feature];
    if (values == null || count == values.length) {
      values =
          Arrays.copyOf(
              values == null ? new double[0] : values, Math.min(VALUES, Math.max(64, count * 2)));
      kept[feature] = values;
    }
    values[count] = value;
    counts[feature] = count + 1;
  }

  /** Under the lock: learns every feature's bounds and switches to the model recording on them. */
  private void fix(long[] cells) {
    ModelMonitor next;
    Map<String, double[]> bounds = new HashMap<>();
    List<String> shown = new ArrayList<>();
    try {
      List<FeatureConfig> features = config.features();
      for (int f = 0; f < learns.length; f++) {
        if (learns[f]) {
          double[] learned = bounds(kept[f], counts[f]);
          bounds.put(features.get(f).name(), learned);
          if (shown.size() < NAMES_SHOWN) {
            shown.add(
                features.get(f).name()
                    + " ("
                    + learned.length
                    + " bounds, "
                    + learned[0]
                    + " .. "
                    + learned[learned.length - 1]
                    + ")");
          }
        }
      }
      next = new ModelMonitor(id, config, limits, source(bounds), input, output);
      if (next.layout().size() != learning.layout().size()) {
        throw new IllegalStateException(
            "learned bounds changed the layout of model '" + config.name() + "'");
      }
      next.shareLabels(learning);
      next.useDrift(learning.drift());
      if (learning.feedback() != null) {
        next.useFeedback(learning.feedback());
      }
      for (int f = 0; f < learns.length; f++) {
        NumericHistogram histogram = next.numericFeatures()[f];
        for (int i = 0; i < counts[f]; i++) {
          histogram.record(cells, kept[f][i]);
        }
      }
    } catch (RuntimeException e) {
      failed = true;
      errors.record(ErrorStage.INSTALL, e);
      for (int f = 0; f < learns.length; f++) {
        for (int i = 0; i < counts[f]; i++) {
          learning.numericFeatures()[f].record(cells, kept[f][i]);
        }
      }
      kept = null;
      return;
    }
    fixed = next;
    kept = null;
    counts = null;
    AgentLog.info(
        "model '"
            + config.name()
            + "': bucket bounds of "
            + bounds.size()
            + " discovered feature(s)"
            + " learned from their first values (minimum, every 5 %, maximum): "
            + String.join(", ", shown)
            + (bounds.size() > shown.size() ? ", ..." : "")
            + ". A baseline (the `baseline` command) gives the"
            + " training data's bounds and drift instead.");
    try {
      replaced.accept(next);
    } catch (RuntimeException e) {
      errors.record(ErrorStage.INSTALL, e);
    }
  }

  /** Learned bounds where given, placeholders while learning (null), else what the specs say. */
  private NumericSpec.Source source(Map<String, double[]> learned) {
    return new NumericSpec.Source() {
      @Override
      public NumericSpec feature(String name, double[] configured) {
        NumericSpec spec = specs.feature(name, configured);
        if (!spec.isDefault()) {
          return spec;
        }
        return learned == null ? NumericSpec.toLearn() : NumericSpec.learned(learned.get(name));
      }

      @Override
      public NumericSpec output(String name, double[] configured) {
        return specs.output(name, configured);
      }

      @Override
      public List<String> categories(String feature) {
        return specs.categories(feature);
      }

      @Override
      public List<String> classes(String output) {
        return specs.classes(output);
      }
    };
  }

  /**
   * Upper bounds from {@code count} finite-or-infinite values: the minimum, the k/20 quantiles
   * (lower order statistic, so a value seen is a bound) and the maximum of the finite ones, each
   * rounded up to at most six significant digits, without repeats: at most {@link #BUCKETS} - 1.
   * The defaults when no value is finite.
   */
  static double[] bounds(double[] values, int count) {
    double[] finite = new double[count];
    int n = 0;
    for (int i = 0; i < count; i++) {
      if (Double.isFinite(values[i])) {
        finite[n++] = values[i];
      }
    }
    if (n == 0) {
      return NumericHistogram.DEFAULT_BOUNDS.clone();
    }
    Arrays.sort(finite, 0, n);
    double[] bounds = new double[STEPS + 1];
    int size = 0;
    for (int k = 0; k <= STEPS; k++) {
      double bound = roundUp(finite[(int) ((long) k * (n - 1) / STEPS)]);
      if (size == 0 || bound > bounds[size - 1]) {
        bounds[size++] = bound;
      }
    }
    return Arrays.copyOf(bounds, size);
  }

  /**
   * The smallest number of at most six significant digits not below {@code value}; the value when
   * none is.
   */
  static double roundUp(double value) {
    if (value == 0) {
      return 0;
    }
    BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
    if (shortest.precision() <= 6) {
      return value;
    }
    double up = new BigDecimal(value).round(new MathContext(6, RoundingMode.CEILING)).doubleValue();
    return up >= value ? up : value;
  }

  @Override
  public void featureValue(int feature, double value) {}

  @Override
  public void featureCategory(int feature, String category) {}

  @Override
  public void outputValue(int output, double value) {}

  @Override
  public void outputClass(int output, String label) {}
}
