package dev.modelwatch.agent.capture;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.extract.PropertyPath;
import dev.modelwatch.agent.feedback.FeatureHash;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.config.CaptureConfig;
import dev.modelwatch.config.PredictionIdConfig;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Payload capture of one model. On the prediction thread: the sampling rate, and {@link #offer},
 * which hands a sampled call to the queue or counts it dropped ({@code queue_full}). On the writer
 * thread: {@link #write}, which hashes redacted values, writes the call's lines and counts them
 * written, or counts the call dropped ({@code write_failed}) when the files cannot be written; the
 * first failure is logged (once, until a write succeeds again), and after one the files are not
 * tried again for {@value #RETRY_SECONDS} s.
 */
public final class ModelCapture {
  static final long RETRY_SECONDS = 10;

  private final String model;
  private final CaptureConfig config;
  private final double sample;
  private final CaptureQueue queue;
  private final CaptureFiles files;
  private final Set<String> redacted;
  private final Redaction redaction;
  private final PredictionIdConfig.Kind idKind;
  private final PropertyPath idPath;
  private final AgentErrors errors;
  private final LongSupplier nanoClock;
  private final LongAdder sampled = new LongAdder();
  private final LongAdder written = new LongAdder();
  private final LongAdder queueFull = new LongAdder();
  private final LongAdder writeFailed = new LongAdder();
  private boolean failing;
  private long retryAt;

  ModelCapture(
      String model,
      CaptureConfig config,
      PredictionIdConfig predictionId,
      CaptureQueue queue,
      Redaction redaction,
      AgentErrors errors,
      LongSupplier wallClock,
      LongSupplier nanoClock) {
    this.model = model;
    this.config = config;
    this.sample = config.sample();
    this.queue = queue;
    this.files =
        new CaptureFiles(config.path(), model, config.maxFileBytes(), config.maxFiles(), wallClock);
    this.redacted = Set.copyOf(config.redact());
    this.redaction = redaction;
    this.idKind = predictionId == null ? null : predictionId.kind();
    this.idPath =
        predictionId == null || predictionId.path() == null
            ? null
            : new PropertyPath(predictionId.path(), "prediction_id", "prediction_id.path");
    this.errors = errors;
    this.nanoClock = nanoClock;
  }

  public String model() {
    return model;
  }

  /** Share of calls captured. */
  public double sample() {
    return sample;
  }

  /**
   * Prediction thread: the id of a captured call as the feedback joins on it (its text, or the
   * feature hash as 16 hex digits), or null when the model has none or it cannot be read.
   *
   * @param featureHash the call's feature hash, valid only when {@code hashed}
   */
  public String predictionId(Object argument, Object result, boolean hashed, long featureHash) {
    if (idKind == null) {
      return null;
    }
    if (idKind == PredictionIdConfig.Kind.FEATURE_HASH) {
      return hashed ? FeatureHash.format(featureHash) : null;
    }
    Object source = idKind == PredictionIdConfig.Kind.ARGUMENT ? argument : result;
    try {
      Object id = idPath == null || source == null ? source : idPath.read(source);
      return id == null ? null : String.valueOf(id);
    } catch (Exception e) {
      return null; // the feedback counts and says why the id cannot be read
    }
  }

  /** Prediction thread: queues the call, or counts it dropped when the queue is full. */
  public void offer(CapturedCall call) {
    sampled.increment();
    if (!queue.offer(call)) {
      queueFull.increment();
    }
  }

  /** Writer thread. */
  void write(CapturedCall call) {
    long now = nanoClock.getAsLong();
    if (failing && now - retryAt < 0) {
      writeFailed.increment();
      return;
    }
    try {
      files.write(CaptureLines.of(call, redacted, redaction));
      written.increment();
      if (failing) {
        failing = false;
        AgentLog.info(
            "model '" + model + "': capture files are written again to " + files.directory());
      }
    } catch (Exception e) {
      files.close();
      writeFailed.increment();
      errors.count(ErrorStage.CAPTURE);
      retryAt = now + TimeUnit.SECONDS.toNanos(RETRY_SECONDS);
      if (!failing) {
        failing = true;
        AgentLog.warn(
            "model '"
                + model
                + "': cannot write capture files to "
                + files.directory()
                + " ("
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "). The model's calls are not affected; captured calls are dropped, counted in"
                + " modelwatch_capture_dropped_total{reason=\"write_failed\"}, and the files are"
                + " tried again every "
                + RETRY_SECONDS
                + " s. Fix: make capture.path a directory the JVM's user can write, on a disk"
                + " with free space; this is said once until writing works again");
      }
    }
  }

  /** Writer thread, at the end: closes the file being written. */
  void close() {
    files.close();
  }

  CaptureConfig config() {
    return config;
  }

  /** Calls sampled: written, dropped, or waiting in the queue. */
  public long sampled() {
    return sampled.sum();
  }

  /** Calls written to the files. */
  public long written() {
    return written.sum();
  }

  /** Calls dropped because the queue to the writer was full. */
  public long droppedQueueFull() {
    return queueFull.sum();
  }

  /** Calls dropped because the files could not be written. */
  public long droppedWriteFailed() {
    return writeFailed.sum();
  }
}
