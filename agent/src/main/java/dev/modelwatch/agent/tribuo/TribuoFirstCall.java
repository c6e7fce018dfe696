package dev.modelwatch.agent.tribuo;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.drift.ComparedColumn;
import dev.modelwatch.agent.drift.DriftColumns;
import dev.modelwatch.agent.drift.DriftEngine;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.config.FeatureConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the agent learns from a Tribuo model instance at its first call, once per configured model
 * (the monitors are built at start-up, before any Tribuo model exists): the training range of each
 * numeric feature that no baseline or config gave a range, and whether the configured features
 * exist in the model at all; with no baseline configured, a coarse baseline from the training
 * statistics ({@link TribuoCoarseBaseline}) joins the drift engine. Says what it did in a log line
 * each.
 */
final class TribuoFirstCall {
  private static final int NAMES_SHOWN = 20;

  // guarded by the caller's lock (IdentityLookup resolves one object at a time)
  private final boolean[] bound;

  TribuoFirstCall(int models) {
    this.bound = new boolean[models];
  }

  void bind(int index, ModelMonitor model, Object tribuoModel) {
    if (bound[index]) {
      return;
    }
    bound[index] = true;
    TribuoTrainingRanges ranges;
    try {
      ranges = TribuoTrainingRanges.of(tribuoModel);
    } catch (ReflectiveOperationException | RuntimeException e) {
      AgentLog.warn(
          "model '" + model.name() + "': could not read the training feature ranges of Tribuo model "
              + describe(tribuoModel) + " (" + e + "); model_feature_out_of_range_total stays 0"
              + " unless a baseline gives the ranges. Calls are recorded as usual.");
      return;
    }
    AgentLog.info(message(model, tribuoModel, ranges));
    if (model.config().baseline() == null) {
      compareWithTrainingStatistics(model, ranges);
    }
  }

  /**
   * With no baseline file, drift of the numeric features is compared with a coarse baseline from
   * the model's training statistics ({@link TribuoCoarseBaseline}), from this call on.
   */
  static void compareWithTrainingStatistics(ModelMonitor model, TribuoTrainingRanges ranges) {
    DriftEngine drift = model.drift();
    if (drift == null) {
      return;
    }
    try {
      TribuoCoarseBaseline coarse = TribuoCoarseBaseline.of(model, ranges);
      if (coarse == null) {
        return;
      }
      List<ComparedColumn> columns = DriftColumns.of(model, coarse.baseline());
      if (columns.isEmpty()) {
        return;
      }
      drift.add(model.id(), coarse.baseline(), model.name(), model.config().drift(), columns);
      AgentLog.info("model '" + model.name() + "': no baseline file; drift of "
          + String.join(", ", coarse.features()) + " is compared with a coarse baseline from the"
          + " Tribuo model's training statistics (normal approximation on the histogram's buckets);"
          + " make a baseline with the `baseline` command for exact training shares");
    } catch (RuntimeException e) {
      AgentLog.warn("model '" + model.name() + "': could not build a coarse baseline from the"
          + " training statistics of Tribuo model " + ranges.modelClass() + " (" + e + "); the model"
          + " is monitored without drift. Make a baseline with the `baseline` command to get drift.");
    }
  }

  static String message(ModelMonitor model, Object tribuoModel, TribuoTrainingRanges ranges) {
    List<FeatureConfig> features = model.config().features();
    StringBuilder line = new StringBuilder("model '").append(model.name()).append("': first call of Tribuo model ")
        .append(describe(tribuoModel)).append(" (").append(ranges.features().size()).append(" features)");
    if (features.isEmpty()) {
      line.append("; no features are configured, so only calls, rows and outputs are recorded. To record"
          + " its features, list them under features:, e.g. ");
      List<String> names = new ArrayList<>(ranges.features().keySet());
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
      TribuoTrainingRanges.FeatureStats stats = ranges.stats(feature.name());
      if (stats == null) {
        unknown.add(feature.name());
      } else if (model.bindTrainingRange(i, stats.min, stats.max)) {
        withRange.add(String.format(Locale.ROOT, "%s [%.6g, %.6g]", feature.name(), stats.min, stats.max));
      }
    }
    if (!withRange.isEmpty()) {
      line.append("; model_feature_out_of_range_total counts values outside the model's training range of ")
          .append(String.join(", ", withRange));
    }
    if (!unknown.isEmpty()) {
      line.append("; the model has no feature named ").append(String.join(", ", unknown))
          .append(", so these always count as missing (feature names are case-sensitive; the model's are ")
          .append(String.join(", ", first(ranges.features().keySet()))).append(')');
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

  /** {@code org.tribuo...LinearSGDModel 'wine-quality'}: the class and {@code Model.getName()}. */
  static String describe(Object tribuoModel) {
    String name;
    try {
      name = String.valueOf(tribuoModel.getClass().getMethod("getName").invoke(tribuoModel));
    } catch (ReflectiveOperationException | RuntimeException e) {
      name = "?";
    }
    return tribuoModel.getClass().getName() + " '" + name + "'";
  }
}
