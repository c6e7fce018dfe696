package dev.modelwatch.agent.capture;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.config.CaptureConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Payload capture of one config generation: a {@link ModelCapture} per model that captures, one
 * bounded queue shared by them, and one daemon thread, {@code modelwatch-capture}, that empties the
 * queue into the files. Without any model capturing there is no queue, no thread and no file
 * access.
 */
public final class PayloadCapture {
  /** Calls waiting for the writer, all models together; more are dropped, counted. */
  static final int QUEUE_CAPACITY = 4096;

  /** How long the writer sleeps when the queue is empty. */
  private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private static final long STOP_WAIT_MILLIS = 2000;

  private final ModelCapture[] byModel;
  private final List<ModelCapture> captures;
  private final CaptureQueue queue;
  private final AgentErrors errors;
  private volatile boolean running;
  private Thread writer;

  private PayloadCapture(
      ModelCapture[] byModel, List<ModelCapture> captures, CaptureQueue queue, AgentErrors errors) {
    this.byModel = byModel;
    this.captures = List.copyOf(captures);
    this.queue = queue;
    this.errors = errors;
  }

  /**
   * The capture of every model that configures one; reads redaction keys. A model whose key cannot
   * be read is not captured (its values would otherwise be written in the clear): said, and counted
   * in {@code modelwatch_agent_errors_total{stage="capture"}}.
   */
  public static PayloadCapture of(List<ModelMonitor> models, AgentErrors errors) {
    ModelCapture[] byModel = new ModelCapture[models.size()];
    List<ModelCapture> captures = new ArrayList<>();
    CaptureQueue queue = null;
    for (ModelMonitor monitor : models) {
      CaptureConfig config = monitor.config().capture();
      if (config == null) {
        continue;
      }
      Redaction redaction = null;
      if (!config.redact().isEmpty()) {
        try {
          redaction = redaction(monitor.name(), config);
        } catch (IllegalArgumentException e) {
          errors.count(ErrorStage.CAPTURE);
          AgentLog.error(
              "model '"
                  + monitor.name()
                  + "': its calls are not captured, since the values of "
                  + String.join(", ", config.redact())
                  + " could not be redacted: "
                  + e.getMessage()
                  + ". Counted in modelwatch_agent_errors_total{stage=\"capture\"}",
              null);
          continue;
        }
      }
      if (queue == null) {
        queue = new CaptureQueue(QUEUE_CAPACITY);
      }
      ModelCapture capture =
          new ModelCapture(
              monitor.name(),
              config,
              monitor.config().predictionId(),
              queue,
              redaction,
              errors,
              System::currentTimeMillis,
              System::nanoTime);
      byModel[monitor.id()] = capture;
      captures.add(capture);
    }
    return new PayloadCapture(captures.isEmpty() ? null : byModel, captures, queue, errors);
  }

  private static Redaction redaction(String model, CaptureConfig config) {
    byte[] key = RedactionKeys.configured(config);
    if (key == null) {
      key = RedactionKeys.forThisRun();
      AgentLog.warn(
          "model '"
              + model
              + "': capture redacts "
              + String.join(", ", config.redact())
              + " with a key made at start-up, since neither capture.redact_key_file nor"
              + " capture.redact_key_env is set: the same value gets another hash after a restart,"
              + " so captured rows join only within this run. Set one of them to keep hashes"
              + " stable");
    }
    try {
      return new Redaction(key);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException("this JVM offers no HmacSHA256 (" + e + ")");
    } finally {
      RedactionKeys.clear(key);
    }
  }

  /**
   * Per model id: its capture, or null when it captures nothing; null itself when no model
   * captures.
   */
  public ModelCapture[] byModel() {
    return byModel;
  }

  /** The captures of this generation, for metrics. */
  public List<ModelCapture> captures() {
    return captures;
  }

  /** Starts the writer thread, when a model captures. */
  public synchronized void start() {
    if (captures.isEmpty() || writer != null) {
      return;
    }
    running = true;
    writer = new Thread(this::writeUntilStopped, "modelwatch-capture");
    writer.setDaemon(true);
    writer.start();
    for (ModelCapture capture : captures) {
      AgentLog.info(
          "model '"
              + capture.model()
              + "': capturing "
              + capture.sample()
              + " of calls to "
              + capture.config().path());
    }
  }

  /**
   * Stops the writer once the calls already queued are written (waiting at most {@value
   * #STOP_WAIT_MILLIS} ms), and closes the files.
   */
  public void stop() {
    Thread thread;
    synchronized (this) {
      thread = writer;
      running = false;
    }
    if (thread == null) {
      return;
    }
    LockSupport.unpark(thread);
    try {
      thread.join(STOP_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeUntilStopped() {
    try {
      while (true) {
        CapturedCall call = queue.poll();
        if (call != null) {
          call.capture.write(call);
          continue;
        }
        if (!running) {
          break;
        }
        LockSupport.parkNanos(IDLE_NANOS);
      }
    } catch (Throwable t) {
      errors.record(ErrorStage.CAPTURE, t);
    } finally {
      for (ModelCapture capture : captures) {
        capture.close();
      }
    }
  }
}
