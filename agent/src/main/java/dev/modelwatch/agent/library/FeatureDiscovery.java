package dev.modelwatch.agent.library;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.baseline.BaselineSetup;
import dev.modelwatch.agent.drift.ComparedColumn;
import dev.modelwatch.agent.drift.DriftColumns;
import dev.modelwatch.agent.drift.DriftEngine;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.LearnedBounds;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericSpec;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.config.Limits;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.LibrarySite;
import dev.modelwatch.extension.OutputExtractor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The features of a model configured without any, found at the first call of its first instance
 * ({@link LibrarySite#discoverFeatures}): the model is then replaced by one that records each of
 * them, under the library's names, like configured features; bucket bounds from the baseline file
 * when there is one, else from the training statistics the instance told, else learned from the
 * first values ({@link LearnedBounds}). At most {@code limits.features} are recorded, the first
 * ones. Runs before the call is recorded, so no cells of the replaced model exist.
 */
final class FeatureDiscovery {
  private static final int NAMES_SHOWN = 20;

  private final ModelConfig config;
  private final Limits limits;
  private final String from;
  private final OutputExtractor output;
  private final Supplier<Recorder> recorder;
  private final AgentErrors errors;

  FeatureDiscovery(
      ModelConfig config,
      Limits limits,
      String from,
      OutputExtractor output,
      Supplier<Recorder> recorder,
      AgentErrors errors) {
    this.config = config;
    this.limits = limits;
    this.from = from;
    this.output = output;
    this.recorder = recorder;
    this.errors = errors;
  }

  /** Says at start-up what will happen at the first call. */
  String startupNote() {
    return "no features configured; every input feature will be discovered at the model's first call, "
        + from
        + " (at most "
        + limits.features()
        + ", limits.features)";
  }

  /**
   * The model recording the instance's features, installed in the recorder; null when none were
   * found.
   */
  /**
   * @param relearned receives the model that replaces the returned one once the bucket bounds of
   *     features nothing gave bounds for are learned from their first values (see {@link
   *     LearnedBounds})
   */
  ModelMonitor discover(
      LibrarySite site,
      int index,
      Object instance,
      Object input,
      TrainingStatistics told,
      ModelMonitor old,
      Consumer<ModelMonitor> relearned) {
    Recorder current = recorder.get();
    List<? extends FeatureSpec> found;
    try {
      found = site.discoverFeatures(index, instance, input);
    } catch (RuntimeException | LinkageError e) {
      errors.record(ErrorStage.INSTALL, e);
      return null;
    }
    if (found == null || found.isEmpty()) {
      AgentLog.info(
          "model '"
              + config.name()
              + "': no input features could be discovered from "
              + ExtractionException.typeName(instance.getClass())
              + "; calls, rows and outputs are recorded. List the features under"
              + " features: to record them.");
      return null;
    }
    List<? extends FeatureSpec> kept = found;
    if (found.size() > limits.features()) {
      kept = found.subList(0, limits.features());
      AgentLog.warn(
          "model '"
              + config.name()
              + "': the model has "
              + found.size()
              + " input features; the first "
              + limits.features()
              + " are recorded (limits.features), the rest are not. Raise limits.features or list"
              + " the features to record under features:.");
    }
    try {
      List<FeatureConfig> features = new ArrayList<>();
      for (FeatureSpec feature : kept) {
        features.add(FeatureConfig.from(feature));
      }
      ModelConfig discovered = config.withFeatures(features);
      BaselineSetup baseline =
          discovered.baseline() == null || discovered.baseline().record()
              ? BaselineSetup.none()
              : BaselineSetup.of(discovered, limits, errors, true);
      NumericSpec.Source specs = baseline.baseline() != null ? baseline.specs() : told.specs();
      InputExtractor extractor = site.inputExtractor(index, kept);
      ModelMonitor monitor =
          LearnedBounds.monitor(
              old.id(),
              discovered,
              limits,
              specs,
              extractor,
              output,
              next -> {
                current.replace(next);
                relearned.accept(next);
              },
              errors);
      monitor.useDrift(old.drift());
      if (old.feedback() != null) {
        monitor.useFeedback(old.feedback());
      }
      current.replace(monitor);
      DriftEngine drift = old.drift();
      if (baseline.baseline() != null && drift != null) {
        List<ComparedColumn> columns = DriftColumns.of(monitor, baseline.baseline());
        if (!columns.isEmpty()) {
          drift.add(monitor.id(), baseline.baseline(), monitor.name(), discovered.drift(), columns);
        }
      }
      AgentLog.info(
          "model '"
              + config.name()
              + "': discovered "
              + kept.size()
              + " input feature(s) "
              + from
              + ": "
              + names(kept));
      return monitor;
    } catch (RuntimeException e) {
      errors.record(ErrorStage.INSTALL, e);
      return null;
    }
  }

  private static String names(List<? extends FeatureSpec> features) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(NAMES_SHOWN, features.size()); i++) {
      text.append(i == 0 ? "" : ", ").append(features.get(i).name());
    }
    return text.append(
            features.size() > NAMES_SHOWN ? ", ... (" + features.size() + " in all)" : "")
        .toString();
  }
}
