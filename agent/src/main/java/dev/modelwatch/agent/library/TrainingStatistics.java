package dev.modelwatch.agent.library;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.drift.ComparedColumn;
import dev.modelwatch.agent.drift.DriftColumns;
import dev.modelwatch.agent.drift.DriftEngine;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericHistogram;
import dev.modelwatch.agent.record.NumericSpec;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.extension.FeatureStatistics;
import dev.modelwatch.extension.FirstCallContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an instance tells at its first call ({@link FirstCallContext}), collected; applied by the
 * agent to the first instance of each model: the training range of each configured feature (values
 * outside count in {@code model_feature_out_of_range_total}) and, for a model without a baseline
 * file, a {@link CoarseBaseline} for drift. Said in one log line per model. Discovered features
 * take their bucket bounds from the statistics too ({@link #specs}).
 */
final class TrainingStatistics implements FirstCallContext {
  private static final int NAMES_SHOWN = 20;

  /** Quantiles of the training distribution that bound the buckets of a discovered feature. */
  private static final int BUCKETS = 10;

  private final String modelName;
  private final String libraryName;
  private String instance;
  private Map<String, FeatureStatistics> statistics;
  private Throwable unreadable;
  private ModelMonitor model;

  /**
   * @param libraryName the library as users call it ({@code Tribuo}), for messages
   */
  TrainingStatistics(String modelName, String libraryName) {
    this.modelName = modelName;
    this.libraryName = libraryName;
  }

  @Override
  public String model() {
    return modelName;
  }

  @Override
  public void trainingStatistics(String instance, List<FeatureStatistics> features) {
    Map<String, FeatureStatistics> byName = new LinkedHashMap<>();
    for (FeatureStatistics feature : features) {
      byName.put(feature.name(), feature);
    }
    this.instance = instance;
    this.statistics = byName;
  }

  /** Reading the statistics failed: said when applied; calls are recorded as usual. */
  void unreadable(String instance, Throwable problem) {
    this.instance = instance;
    this.unreadable = problem;
  }

  /** Whether anything was told (statistics, or that they could not be read). */
  boolean told() {
    return statistics != null || unreadable != null;
  }

  /** Binds what was told to {@code monitor}: ranges, the log line, the coarse baseline. */
  void apply(ModelMonitor monitor) {
    this.model = monitor;
    if (unreadable != null) {
      AgentLog.warn(
          "model '"
              + model.name()
              + "': could not read the training feature ranges of "
              + instance
              + " ("
              + unreadable
              + "); model_feature_out_of_range_total stays 0 unless a baseline gives the ranges."
              + " Calls are recorded as usual.");
      return;
    }
    if (statistics == null) {
      return;
    }
    AgentLog.info(bind(instance, statistics));
    if (!model.config().hasBaseline()) {
      compareWithTrainingStatistics(statistics);
    }
  }

  /**
   * Bucket bounds and training range of discovered features from these statistics: the deciles of a
   * normal with the training mean and variance, within the training range (the coarse baseline then
   * expects a tenth in each); the defaults where a feature has no spread; no range where nothing
   * was told.
   */
  NumericSpec.Source specs() {
    Map<String, FeatureStatistics> known = statistics == null ? Map.of() : statistics;
    return new NumericSpec.Source() {
      @Override
      public NumericSpec feature(String name, double[] configured) {
        FeatureStatistics stats = known.get(name);
        if (stats == null) {
          return NumericSpec.of(configured);
        }
        double[] bounds = configured != null ? configured : bounds(stats);
        return new NumericSpec(bounds, stats.min(), stats.max());
      }

      @Override
      public NumericSpec output(String name, double[] configured) {
        return NumericSpec.of(configured);
      }
    };
  }

  static double[] bounds(FeatureStatistics stats) {
    double sd = Math.sqrt(stats.variance());
    double lo = stats.min();
    double hi = stats.max();
    if (!(sd > 0) || Double.isNaN(stats.mean()) || !(hi > lo)) {
      return NumericHistogram.DEFAULT_BOUNDS;
    }
    java.util.TreeSet<Double> edges = new java.util.TreeSet<>();
    for (int k = 1; k < BUCKETS; k++) {
      double q = stats.mean() + sd * NormalQuantile.of(k / (double) BUCKETS);
      edges.add(Math.max(lo, Math.min(hi, q)));
    }
    edges.add(hi); // the top of the training range closes the last bucket below +Inf
    double[] bounds = new double[edges.size()];
    int i = 0;
    for (double edge : edges) {
      bounds[i++] = edge;
    }
    return bounds;
  }

  /**
   * With no baseline file, drift of the numeric features is compared with a coarse baseline from
   * the model's training statistics, from this call on.
   */
  private void compareWithTrainingStatistics(Map<String, FeatureStatistics> statistics) {
    DriftEngine drift = model.drift();
    if (drift == null) {
      return;
    }
    try {
      CoarseBaseline coarse =
          CoarseBaseline.of(
              model, statistics, "training statistics of the " + libraryName + " model");
      if (coarse == null) {
        return;
      }
      List<ComparedColumn> columns = DriftColumns.of(model, coarse.baseline());
      if (columns.isEmpty()) {
        return;
      }
      drift.add(model.id(), coarse.baseline(), model.name(), model.config().drift(), columns);
      AgentLog.info(
          "model '"
              + model.name()
              + "': no baseline file; drift of "
              + String.join(", ", coarse.features())
              + " is compared with a coarse baseline from the "
              + libraryName
              + " model's training statistics (normal approximation on the histogram's buckets);"
              + " make a baseline with the `baseline` command for exact training shares");
      String exact = coarse.baseline().withoutCountNote();
      if (exact != null) {
        AgentLog.info("model '" + model.name() + "': " + exact);
      }
    } catch (RuntimeException e) {
      AgentLog.warn(
          "model '"
              + model.name()
              + "': could not build a coarse baseline from the training statistics"
              + " of the "
              + libraryName
              + " model ("
              + e
              + "); the model is monitored without drift. Make a baseline"
              + " with the `baseline` command to get drift.");
    }
  }

  private String bind(String instance, Map<String, FeatureStatistics> statistics) {
    List<FeatureConfig> features = model.config().features();
    StringBuilder line =
        new StringBuilder("model '")
            .append(model.name())
            .append("': first call of ")
            .append(instance)
            .append(" (")
            .append(statistics.size())
            .append(" features)");
    if (features.isEmpty()) {
      line.append(
          "; no features are configured, so only calls, rows and outputs are recorded. To record"
              + " its features, list them under features:, e.g. ");
      List<String> names = new ArrayList<>(statistics.keySet());
      for (int i = 0; i < Math.min(NAMES_SHOWN, names.size()); i++) {
        line.append(i == 0 ? "[" : ", ").append("{name: ").append(names.get(i)).append('}');
      }
      line.append(names.size() > NAMES_SHOWN ? ", ...]" : "]");
      return line.toString();
    }
    List<String> withRange = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < features.size(); i++) {
      FeatureConfig feature = features.get(i);
      FeatureStatistics stats = statistics.get(feature.name());
      if (stats == null) {
        unknown.add(feature.name());
      } else if (model.bindTrainingRange(i, stats.min(), stats.max())) {
        withRange.add(
            String.format(
                Locale.ROOT, "%s [%.6g, %.6g]", feature.name(), stats.min(), stats.max()));
      }
    }
    if (!withRange.isEmpty()) {
      line.append(
              "; model_feature_out_of_range_total counts values outside the model's training range of ")
          .append(String.join(", ", withRange.subList(0, Math.min(NAMES_SHOWN, withRange.size()))))
          .append(
              withRange.size() > NAMES_SHOWN
                  ? " and " + (withRange.size() - NAMES_SHOWN) + " more"
                  : "");
    }
    if (!unknown.isEmpty()) {
      line.append("; the model has no feature named ")
          .append(String.join(", ", unknown))
          .append(
              ", so these always count as missing (feature names are case-sensitive; the model's are ")
          .append(String.join(", ", first(statistics.keySet())))
          .append(')');
    }
    return line.toString();
  }

  private static List<String> first(Iterable<String> names) {
    List<String> shown = new ArrayList<>();
    for (String name : names) {
      if (shown.size() == NAMES_SHOWN) {
        shown.add("...");
        break;
      }
      shown.add(name);
    }
    return shown;
  }
}
