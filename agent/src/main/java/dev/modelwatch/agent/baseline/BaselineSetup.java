package dev.modelwatch.agent.baseline;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericSpec;
import dev.modelwatch.config.BaselineRef;
import dev.modelwatch.config.Durations;
import dev.modelwatch.config.Limits;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.baseline.BaselineException;
import dev.modelwatch.config.baseline.BaselineFile;
import dev.modelwatch.config.baseline.BaselineProfile;
import java.nio.file.Files;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a model's {@code baseline} config turns into at start-up: a loaded and matched baseline (its
 * bin edges, ranges and categories for the recorders, then drift), a recording of the first rows
 * (record mode), or nothing. Every problem is logged with the file and the fix and counted as
 * {@code stage="config"}; the model is monitored in every case.
 */
public final class BaselineSetup {

  private static final BaselineSetup NONE = new BaselineSetup(null, null);

  private final ModelBaseline baseline;
  private final BaselineRecording recording;
  private volatile ScheduledFuture<?> poll;

  private BaselineSetup(ModelBaseline baseline, BaselineRecording recording) {
    this.baseline = baseline;
    this.recording = recording;
  }

  /**
   * Reads and matches the model's baseline, or prepares its recording. In record mode an existing
   * file is read instead (recorded by an earlier run), so a restart compares against it rather than
   * overwriting it; delete the file to record again.
   */
  public static BaselineSetup of(ModelConfig model, Limits limits, AgentErrors errors) {
    return of(model, limits, errors, false);
  }

  /**
   * As {@link #of(ModelConfig, Limits, AgentErrors)}; with {@code discovered}, the model's features
   * were found in the model: those the baseline lacks are said, not counted as config problems.
   */
  public static BaselineSetup of(
      ModelConfig model, Limits limits, AgentErrors errors, boolean discovered) {
    try {
      return load(model, limits, errors, false, discovered);
    } catch (RuntimeException | BaselineException e) {
      // an unforeseen failure costs this model its baseline, never the agent its other models
      errors.record(ErrorStage.CONFIG, e);
      return NONE;
    }
  }

  /**
   * As {@link #of}, for a reloaded config: a baseline file that cannot be used is not skipped but
   * thrown, so the reload is rejected and the baseline in force stays (a model would otherwise lose
   * its drift monitoring silently).
   *
   * @throws BaselineException if the configured baseline file cannot be read or is invalid
   */
  public static BaselineSetup ofReloaded(ModelConfig model, Limits limits, AgentErrors errors)
      throws BaselineException {
    try {
      return load(model, limits, errors, true, false);
    } catch (RuntimeException e) {
      errors.record(ErrorStage.CONFIG, e);
      return NONE;
    }
  }

  private static BaselineSetup load(
      ModelConfig model, Limits limits, AgentErrors errors, boolean reloaded, boolean discovered)
      throws BaselineException {
    BaselineRef ref = model.baseline();
    if (ref == null) {
      return NONE;
    }
    String prefix = "model '" + model.name() + "': ";
    if (ref.record() && !Files.exists(ref.file())) {
      AgentLog.info(
          prefix
              + "recording a baseline from the first "
              + ref.rows()
              + " rows into "
              + ref.file()
              + "; it is written once every feature has "
              + ref.rows()
              + " values");
      return new BaselineSetup(
          null, new BaselineRecording(model, ref.file(), ref.rows(), limits.categories()));
    }
    BaselineProfile profile;
    try {
      profile = BaselineFile.read(ref.file());
    } catch (BaselineException e) {
      if (reloaded) {
        throw e;
      }
      errors.count(ErrorStage.CONFIG);
      AgentLog.error(
          prefix
              + "the baseline cannot be used, so the model is monitored without it"
              + " (configured or default buckets, no drift):\n"
              + e.getMessage(),
          null);
      return NONE;
    }
    ModelBaseline baseline = ModelBaseline.match(model, profile, ref.file(), discovered);
    if (!baseline.problems().isEmpty()) {
      StringBuilder message =
          new StringBuilder(prefix)
              .append("baseline ")
              .append(ref.file())
              .append(" does not match the config in ")
              .append(baseline.problems().size())
              .append(baseline.problems().size() == 1 ? " place" : " places")
              .append("; everything else is monitored and compared as usual:");
      for (String problem : baseline.problems()) {
        message.append(System.lineSeparator()).append("  - ").append(problem);
        errors.count(ErrorStage.CONFIG);
      }
      AgentLog.warn(message.toString());
    }
    for (String note : baseline.notes()) {
      AgentLog.info(prefix + note);
    }
    AgentLog.info(
        prefix
            + (ref.record()
                ? "baseline "
                    + ref.file()
                    + " was recorded earlier;"
                    + " comparing against it (delete the file to record a new one)"
                : "baseline " + ref.file())
            + ": "
            + profile.rows()
            + " training rows, "
            + (baseline.numericFeatures().size() + baseline.categoricalFeatures().size())
            + " feature(s) and "
            + (baseline.numericOutputs().size() + baseline.classOutputs().size())
            + " output(s) matched; drift window "
            + Durations.format(model.drift().window())
            + " in "
            + model.drift().slices()
            + " slices");
    return new BaselineSetup(baseline, null);
  }

  /**
   * No baseline: configured or default buckets, no drift (a model whose features are not known
   * yet).
   */
  public static BaselineSetup none() {
    return NONE;
  }

  /** The specs for the model's recorders: the baseline's, or the config's alone. */
  public NumericSpec.Source specs() {
    return baseline != null ? baseline : NumericSpec.Source.CONFIG_ONLY;
  }

  /** The matched baseline, or null (none configured, unusable, or being recorded). */
  public ModelBaseline baseline() {
    return baseline;
  }

  /** Where the recorders hand raw values in record mode; null otherwise. */
  public ModelMonitor.RawValues rawValues() {
    return recording;
  }

  public BaselineRecording recording() {
    return recording;
  }

  /**
   * In record mode, polls the recording once a second on {@code scheduler} and writes the file once
   * it is complete: one poll after the buffers fill, so stores claimed by prediction threads just
   * before have landed.
   */
  public void startRecording(
      String modelName, ScheduledExecutorService scheduler, AgentErrors errors) {
    if (recording == null) {
      return;
    }
    AtomicInteger fullPolls = new AtomicInteger();
    Runnable poll =
        () -> {
          try {
            if (fullPolls.get() > 1
                || !recording.fillComplete()
                || fullPolls.incrementAndGet() < 2) {
              return;
            }
            write(modelName, errors);
          } catch (Throwable t) {
            fullPolls.set(2);
            errors.record(ErrorStage.DRIFT, t);
          }
        };
    this.poll = scheduler.scheduleWithFixedDelay(poll, 1, 1, TimeUnit.SECONDS);
  }

  /** Stops recording (a config reload replaced this model); a baseline already written stays. */
  public void stopRecording() {
    ScheduledFuture<?> running = poll;
    if (running != null) {
      running.cancel(false);
    }
  }

  private void write(String modelName, AgentErrors errors) {
    BaselineProfile profile = recording.profile();
    try {
      BaselineFile.write(profile, recording.file());
      AgentLog.info(
          "model '"
              + modelName
              + "': recorded a baseline from the first "
              + recording.rows()
              + " rows into "
              + recording.file()
              + " and stopped recording."
              + " Live traffic is compared against it from the next config reload (the agent watches the file"
              + " unless reload_interval is off) or restart");
    } catch (BaselineException e) {
      errors.count(ErrorStage.CONFIG);
      AgentLog.error(
          "model '" + modelName + "': the recorded baseline cannot be written:\n" + e.getMessage(),
          null);
    }
  }
}
