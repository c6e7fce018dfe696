package dev.modelwatch.agent.feedback;

import dev.modelwatch.agent.extract.PropertyPath;
import dev.modelwatch.config.FeedbackConfig;
import dev.modelwatch.config.Limits;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.OutputConfig;
import dev.modelwatch.config.PredictionIdConfig;
import dev.modelwatch.extension.ExtractionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Ground truth of one model. Application threads only hand records over: {@link #predicted} (a
 * prediction's key, value and time) and {@link #outcome} (a label reported by the application's own
 * method) go into bounded lock-free queues. Everything else happens on agent threads under this
 * object's lock: draining the queues into the {@link PendingPredictions}, expiring them, matching
 * labels (from the queue or {@code POST /feedback}), and adding matched pairs to the {@link
 * EvaluationWindow}.
 *
 * <p>Per-call cost on the prediction thread, for models with {@code prediction_id} only: reading
 * the id (the argument or return value, plus one cached getter per path segment), hashing it (one
 * multiply per character or digit; feature hashes cost one multiply per feature value), and one CAS
 * plus five array writes to enqueue. No lock, no allocation for text or whole-number ids, and no
 * waiting: a full queue drops the record, counted.
 */
public final class ModelFeedback {
  /**
   * Records handed over between two drains; drained every {@value FeedbackDrain#INTERVAL_MILLIS} ms
   * and on each scrape.
   */
  static final int QUEUE_CAPACITY = 16_384;

  private final String model;
  private final boolean classification;
  private final PredictionIdConfig.Kind idKind;
  private final PropertyPath idPath;
  private final long ttlNanos;
  private final long minSamples;
  private final LongSupplier clock;
  private final HandOffQueue predictions;
  private final HandOffQueue outcomes;
  private final PendingPredictions pending;
  private final EvaluationWindow window;
  private final LongAdder dropped = new LongAdder();
  private long matched;
  private long unmatched;
  private long expired;

  ModelFeedback(ModelConfig config, Limits limits, LongSupplier clock) {
    FeedbackConfig feedback = config.feedback();
    PredictionIdConfig id = config.predictionId();
    this.model = config.name();
    this.classification = config.outputs().get(0).kind() == OutputConfig.Kind.CLASSIFICATION;
    this.idKind = id.kind();
    this.idPath =
        id.path() == null
            ? null
            : new PropertyPath(id.path(), "prediction_id", "prediction_id.path");
    this.ttlNanos = feedback.ttl().toNanos();
    this.minSamples = feedback.minSamples();
    this.clock = clock;
    int queue = Math.min(QUEUE_CAPACITY, feedback.maxPending());
    this.predictions = new HandOffQueue(queue);
    this.outcomes = new HandOffQueue(queue);
    this.pending = new PendingPredictions(feedback.maxPending());
    this.window =
        new EvaluationWindow(classification, feedback.window().toNanos(), limits.classes());
  }

  /** The feedback of a configured model, or null when it takes none. */
  public static ModelFeedback of(ModelConfig config, Limits limits) {
    return config.feedback() == null || config.predictionId() == null || config.outputs().isEmpty()
        ? null
        : new ModelFeedback(config, limits, System::nanoTime);
  }

  public String model() {
    return model;
  }

  public boolean classification() {
    return classification;
  }

  /**
   * Whether the id is the hash of the feature values (the recorder then hashes them on every call).
   */
  public boolean hashesFeatures() {
    return idKind == PredictionIdConfig.Kind.FEATURE_HASH;
  }

  long minSamples() {
    return minSamples;
  }

  /**
   * Prediction thread: keeps a successful call's prediction until its label arrives. {@code value}
   * is the first output's number (NaN if none), {@code predictedClass} its class (null if none).
   *
   * @throws ExtractionException when the id cannot be read
   */
  public void predicted(
      Object argument,
      Object result,
      long featureHash,
      double value,
      String predictedClass,
      long nanos)
      throws ExtractionException {
    if (classification ? predictedClass == null : value != value) {
      return; // nothing to compare a label with
    }
    long key;
    if (idKind == PredictionIdConfig.Kind.FEATURE_HASH) {
      key = featureHash;
    } else {
      Object source = idKind == PredictionIdConfig.Kind.ARGUMENT ? argument : result;
      Object id = idPath == null || source == null ? source : idPath.read(source);
      if (id == null) {
        throw new ExtractionException(
            "prediction_id: the "
                + (idKind == PredictionIdConfig.Kind.ARGUMENT ? "argument" : "return value")
                + (idPath == null ? "" : "'s path " + idPath)
                + " is null, so the prediction cannot be joined to"
                + " a label; check prediction_id in the config");
      }
      key = IdKeys.of(id);
    }
    if (!predictions.offer(key, value, predictedClass, nanos)) {
      dropped.increment();
    }
  }

  /**
   * Application thread (the outcome method): hands a label over without waiting.
   *
   * @throws IllegalArgumentException when the id or label cannot be read; the message names their
   *     types, never their values (it is logged, and values may be data)
   */
  public void outcome(Object id, Object label) {
    long key;
    try {
      key = keyOf(id);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the id argument ("
              + typeOf(id)
              + ") is not "
              + (hashesFeatures()
                  ? "a feature hash: 16 hex digits, or the hash as a long"
                  : "an id"));
    }
    double number = Double.NaN;
    String text = null;
    try {
      if (classification) {
        text = Labels.classOf(label);
      } else {
        number = Labels.numberOf(label);
      }
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the label argument ("
              + typeOf(label)
              + ") is not "
              + (classification
                  ? "a class (non-empty text or a number)"
                  : "a finite number or a number as text"));
    }
    if (!outcomes.offer(key, number, text, clock.getAsLong())) {
      dropped.increment();
    }
  }

  private static String typeOf(Object value) {
    return ExtractionException.describe(value);
  }

  /**
   * The key of an id sent with a label; for feature hashes, the 16 hex digits (or the hash as a
   * Long).
   */
  long keyOf(Object id) {
    if (id == null) {
      throw new IllegalArgumentException("the id is null");
    }
    if (idKind != PredictionIdConfig.Kind.FEATURE_HASH) {
      return IdKeys.of(id);
    }
    if (id instanceof Long) {
      return (Long) id;
    }
    return FeatureHash.parse(id.toString());
  }

  /** Agent thread: moves handed-over records in, expires old predictions, matches queued labels. */
  public synchronized void drain() {
    drainLocked(clock.getAsLong());
  }

  /**
   * Agent thread: one label from {@code POST /feedback}.
   *
   * @return true when it matched a pending prediction
   */
  synchronized boolean label(long key, double number, String text) {
    long now = clock.getAsLong();
    drainLocked(now);
    return match(key, number, text, now);
  }

  private void drainLocked(long now) {
    predictions.drain((key, value, text, time) -> dropped.add(pending.add(key, value, text, time)));
    expired += pending.expire(now - ttlNanos);
    outcomes.drain((key, number, text, time) -> match(key, number, text, now));
  }

  private boolean match(long key, double number, String text, long now) {
    int position = pending.find(key);
    if (position < 0) {
      unmatched++;
      return false;
    }
    if (classification) {
      window.addClassification(pending.predictedClass(position), text, now);
    } else {
      window.addRegression(pending.value(position), number, now);
    }
    pending.remove(position);
    matched++;
    return true;
  }

  /** Counts and window sums at this moment, after a drain. */
  synchronized Snapshot snapshot() {
    long now = clock.getAsLong();
    drainLocked(now);
    return new Snapshot(
        matched,
        unmatched,
        expired,
        dropped.sum(),
        pending.replaced(),
        pending.size(),
        window.totals(now));
  }

  /** What the metrics show of one model's feedback. */
  static final class Snapshot {
    final long matched;
    final long unmatched;
    final long expired;
    final long dropped;
    final long replaced;
    final int pending;
    final EvaluationWindow.Totals window;

    Snapshot(
        long matched,
        long unmatched,
        long expired,
        long dropped,
        long replaced,
        int pending,
        EvaluationWindow.Totals window) {
      this.matched = matched;
      this.unmatched = unmatched;
      this.expired = expired;
      this.dropped = dropped;
      this.replaced = replaced;
      this.pending = pending;
      this.window = window;
    }
  }
}
