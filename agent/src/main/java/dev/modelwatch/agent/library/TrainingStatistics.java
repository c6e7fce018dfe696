package dev.modelwatch.agent.library;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.drift.ComparedColumn;
import dev.modelwatch.agent.drift.DriftColumns;
import dev.modelwatch.agent.drift.DriftEngine;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.extension.FeatureStatistics;
import dev.modelwatch.extension.FirstCallContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the first instance of a model tells at its first call, applied by the agent: the training range of each
 * configured feature (values outside count in {@code model_feature_out_of_range_total}) and, for a model without a
 * baseline file, a {@link CoarseBaseline} for drift. Said in one log line per model.
 */
final class TrainingStatistics implements FirstCallContext {
  private static final int NAMES_SHOWN = 20;

  private final ModelMonitor model;
  private final String libraryName;
  private boolean used;

  /** @param libraryName the library as users call it ({@code Tribuo}), for messages */
  TrainingStatistics(ModelMonitor model, String libraryName) {
    this.model = model;
    this.libraryName = libraryName;
  }

  @Override
  public String model() {
    return model.name();
  }

  @Override
  public void trainingStatistics(String instance, List<FeatureStatistics> features) {
    if (used) {
      return;
    }
    used = true;
    Map<String, FeatureStatistics> byName = new LinkedHashMap<>();
    for (FeatureStatistics feature : features) {
      byName.put(feature.name(), feature);
    }
    AgentLog.info(bind(instance, byName));
    if (!model.config().hasBaseline()) {
      compareWithTrainingStatistics(byName);
    }
  }

  /** Says, and reports, that reading the statistics failed: calls are recorded as usual. */
  void unreadable(String instance, Throwable problem) {
    used = true;
    AgentLog.warn("model '" + model.name() + "': could not read the training feature ranges of " + instance + " ("
        + problem + "); model_feature_out_of_range_total stays 0 unless a baseline gives the ranges. Calls are"
        + " recorded as usual.");
  }

  /**
   * With no baseline file, drift of the numeric features is compared with a coarse baseline from the model's
   * training statistics, from this call on.
   */
  private void compareWithTrainingStatistics(Map<String, FeatureStatistics> statistics) {
    DriftEngine drift = model.drift();
    if (drift == null) {
      return;
    }
    try {
      CoarseBaseline coarse =
          CoarseBaseline.of(model, statistics, "training statistics of the " + libraryName + " model");
      if (coarse == null) {
        return;
      }
      List<ComparedColumn> columns = DriftColumns.of(model, coarse.baseline());
      if (columns.isEmpty()) {
        return;
      }
      drift.add(model.id(), coarse.baseline(), model.name(), model.config().drift(), columns);
      AgentLog.info("model '" + model.name() + "': no baseline file; drift of "
          + String.join(", ", coarse.features()) + " is compared with a coarse baseline from the " + libraryName
          + " model's training statistics (normal approximation on the histogram's buckets);"
          + " make a baseline with the `baseline` command for exact training shares");
    } catch (RuntimeException e) {
      AgentLog.warn("model '" + model.name() + "': could not build a coarse baseline from the training statistics"
          + " of the " + libraryName + " model (" + e + "); the model is monitored without drift. Make a baseline"
          + " with the `baseline` command to get drift.");
    }
  }

  private String bind(String instance, Map<String, FeatureStatistics> statistics) {
    List<FeatureConfig> features = model.config().features();
    StringBuilder line = new StringBuilder("model '").append(model.name()).append("': first call of ")
        .append(instance).append(" (").append(statistics.size()).append(" features)");
    if (features.isEmpty()) {
      line.append("; no features are configured, so only calls, rows and outputs are recorded. To record"
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
        withRange.add(String.format(Locale.ROOT, "%s [%.6g, %.6g]", feature.name(), stats.min(), stats.max()));
      }
    }
    if (!withRange.isEmpty()) {
      line.append("; model_feature_out_of_range_total counts values outside the model's training range of ")
          .append(String.join(", ", withRange));
    }
    if (!unknown.isEmpty()) {
      line.append("; the model has no feature named ").append(String.join(", ", unknown))
          .append(", so these always count as missing (feature names are case-sensitive; the model's are ")
          .append(String.join(", ", first(statistics.keySet()))).append(')');
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
