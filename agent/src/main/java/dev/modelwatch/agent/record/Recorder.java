package dev.modelwatch.agent.record;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.capture.ModelCapture;
import dev.modelwatch.agent.feedback.ModelFeedback;
import dev.modelwatch.agent.feedback.OutcomeSite;
import dev.modelwatch.bootstrap.CallState;
import dev.modelwatch.bootstrap.Dispatcher;
import dev.modelwatch.extension.ExtractionException;
import java.util.List;

/**
 * The agent's dispatcher: what happens on the prediction thread. Enter and exit resolve the site
 * and the thread's cells by array index, take the time, and add to single-writer counters: no locks
 * and no allocation in steady state. Categorical values and exception classes find their cells in
 * an immutable table, by identity first ({@link CellLabels}); no concurrent map.
 */
public final class Recorder extends Dispatcher {
  /**
   * Self-test of error containment: {@code -Dmodelwatch.selftest.fail=enter|exit} makes that stage
   * throw on every call, to prove in a real JVM that the application is unaffected. A constant, so
   * the check costs nothing once compiled.
   */
  private static final String SELFTEST_FAIL = System.getProperty("modelwatch.selftest.fail", "");

  private static final boolean FAIL_ENTER = SELFTEST_FAIL.equals("enter");
  private static final boolean FAIL_EXIT = SELFTEST_FAIL.equals("exit");

  /**
   * Site ids are never reused across config generations (they are constants inlined into advice),
   * so this recorder's sites are {@code firstSite .. firstSite + sites.length - 1}; a call through
   * advice of another generation is not recorded.
   */
  private final int firstSite;

  private final Site[] sites;

  /** Copy on write: a model whose features are discovered at its first call is replaced once. */
  private volatile List<ModelMonitor> models;

  private final CellRegistry cells;
  private final AgentErrors errors;

  /** Per model id: its payload capture or null; null itself when no model captures. */
  private final ModelCapture[] captures;

  public Recorder(List<Site> sites, List<ModelMonitor> models, AgentErrors errors) {
    this(sites, models, errors, null);
  }

  /**
   * @param captures per model id, the model's payload capture or null; null when no model captures
   */
  public Recorder(
      List<Site> sites, List<ModelMonitor> models, AgentErrors errors, ModelCapture[] captures) {
    this.captures = captures;
    this.sites = sites.toArray(new Site[0]);
    this.firstSite = this.sites.length == 0 ? 0 : this.sites[0].id();
    for (int i = 0; i < this.sites.length; i++) {
      if (this.sites[i].id() != firstSite + i) {
        throw new IllegalArgumentException(
            "site ids must be consecutive: "
                + this.sites[i].description()
                + " has id "
                + this.sites[i].id()
                + ", expected "
                + (firstSite + i));
      }
    }
    this.models = List.copyOf(models);
    this.errors = errors;
    this.cells = new CellRegistry(models.size(), model -> this.models.get(model).layout().cells());
  }

  @Override
  public void enter(int site, Object self, Object argument, CallState state) {
    if (FAIL_ENTER) {
      throw new IllegalStateException("self-test failure at enter (modelwatch.selftest.fail)");
    }
    Site known = known(site);
    ModelMonitor model = known == null ? null : known.modelFor(self, argument);
    if (model == null) {
      return;
    }
    ThreadCells threadCells = (ThreadCells) state.agentState;
    if (threadCells == null || !threadCells.belongsTo(cells)) {
      // a virtual thread borrows cells for this call only (given back at exit): one per request
      // must not leave cells behind
      threadCells =
          VirtualThreads.current() ? cells.borrow() : cells.register(Thread.currentThread());
      state.agentState = threadCells;
    }
    try {
      started(model, threadCells, state);
    } catch (RuntimeException | Error e) {
      endLoan(threadCells, state);
      throw e;
    }
  }

  private void started(ModelMonitor model, ThreadCells threadCells, CallState state) {
    long[] modelCells = cells.cellsFor(threadCells, model.id());
    model.callStarted(modelCells);
    state.cells = modelCells;
    state.call = model;
    // decided here so that an unsampled or untimed call reads no clock: two clock reads cost more
    // than the rest of its bookkeeping
    boolean sampled = threadCells.sampled(model.sampling());
    state.sampled = sampled;
    boolean timed = sampled && model.timesThisCall(modelCells);
    state.timed = timed;
    if (timed) {
      long now = System.nanoTime();
      state.startNanos = now;
      model.timedCallStarted(modelCells, now);
    }
  }

  @Override
  public void exit(
      int site,
      Object argument,
      Object result,
      double primitiveResult,
      Throwable thrown,
      CallState state) {
    boolean timed = state.timed;
    long end = timed ? System.nanoTime() : 0;
    boolean sampled = state.sampled;
    if (FAIL_EXIT) {
      throw new IllegalStateException("self-test failure at exit (modelwatch.selftest.fail)");
    }
    ModelMonitor model = (ModelMonitor) state.call;
    long[] modelCells = state.cells;
    try {
      // feedback reads every successful call (not only sampled ones), else labels would go
      // unmatched
      ModelFeedback feedback = thrown == null ? model.feedback() : null;
      // a successful call is captured at the capture's own rate, apart from sampling
      ModelCapture capture = captures == null || thrown != null ? null : captures[model.id()];
      if (capture != null
          && !model.captureDue(modelCells, capture.sample(), (ThreadCells) state.agentState)) {
        capture = null;
      }
      if (sampled || feedback != null || capture != null) {
        recordValues(
            model,
            modelCells,
            argument,
            result,
            primitiveResult,
            thrown,
            feedback,
            capture,
            end,
            state);
      }
    } finally {
      // the call's last write: it publishes the values above to scrapes (see Cells)
      if (timed) {
        model.callFinished(modelCells, end - state.startNanos, thrown);
      } else if (sampled) {
        model.untimedCallFinished(modelCells, thrown);
      } else {
        model.callFinished(modelCells, thrown);
      }
      endLoan((ThreadCells) state.agentState, state);
    }
  }

  /** Gives borrowed cells back once their call is over; a platform thread keeps its own. */
  private static void endLoan(ThreadCells threadCells, CallState state) {
    if (threadCells.lent()) {
      state.agentState = null;
      threadCells.giveBack();
    }
  }

  private void recordValues(
      ModelMonitor model,
      long[] modelCells,
      Object argument,
      Object result,
      double primitiveResult,
      Throwable thrown,
      ModelFeedback feedback,
      ModelCapture capture,
      long end,
      CallState state) {
    boolean sampled = state.sampled;
    boolean hashing = feedback != null && feedback.hashesFeatures();
    RecordingSink sink = ((ThreadCells) state.agentState).sink();
    sink.bind(model, modelCells, sampled, hashing);
    if (capture != null) {
      sink.capture(capture);
    }
    if (sampled || hashing || capture != null) {
      try {
        model.inputExtractor().extract(argument, sink);
        if (sampled) {
          model.recordRows(modelCells, sink.rows());
        }
        if (sink.unreadable() != null) {
          // the row's readable features are recorded; the one that failed counts as missing
          extractionFailed(model, "inputs", sink.unreadable());
          hashing = false;
        }
      } catch (ExtractionException | RuntimeException e) {
        extractionFailed(model, "inputs", e);
        hashing = false;
      }
    }
    if (thrown == null) {
      try {
        model.outputExtractor().extract(result, primitiveResult, sink);
      } catch (ExtractionException | RuntimeException e) {
        extractionFailed(model, "outputs", e);
      }
    }
    if (feedback != null && (hashing || !feedback.hashesFeatures())) {
      try {
        feedback.predicted(
            argument,
            result,
            sink.featureHash(),
            sink.firstValue(),
            sink.firstClass(),
            state.timed ? end : System.nanoTime());
      } catch (ExtractionException | RuntimeException e) {
        extractionFailed(model, "prediction_id", e);
      }
    }
    if (capture != null) {
      captured(capture, sink, argument, result, hashing);
    }
  }

  /** Hands a captured call's values to the writer; never throws into the call. */
  private void captured(
      ModelCapture capture, RecordingSink sink, Object argument, Object result, boolean hashed) {
    try {
      capture.offer(
          sink.captured()
              .finish(
                  System.currentTimeMillis(),
                  capture.predictionId(argument, result, hashed, sink.featureHash())));
    } catch (RuntimeException e) {
      errors.record(ErrorStage.CAPTURE, e);
    }
  }

  /**
   * An outcome method's call: its label goes to the model's feedback; a bad id or label is counted,
   * never thrown.
   */
  @Override
  public void outcome(int site, Object id, Object label) {
    Site known = known(site);
    if (!(known instanceof OutcomeSite)) {
      return;
    }
    OutcomeSite outcomeSite = (OutcomeSite) known;
    try {
      outcomeSite.outcome(id, label);
    } catch (RuntimeException e) {
      errors.count(ErrorStage.FEEDBACK);
      AgentLog.warnRateLimited(
          "feedback:" + outcomeSite.description(),
          outcomeSite.description()
              + ": the reported outcome was not used: "
              + (e instanceof IllegalArgumentException ? e.getMessage() : unexpected(e))
              + ". The call itself was not affected; counted in modelwatch_agent_errors_total{stage=\"feedback\"};"
              + " check feedback.method.id_argument and label_argument; repeats are logged at most once a minute",
          null);
    }
  }

  @Override
  public void created(int site, int hook, Object instance, Object source) {
    Site known = known(site);
    if (known != null) {
      known.created(hook, instance, source);
    }
  }

  /**
   * The site of this generation with that id, or null (advice of an earlier config, being removed).
   */
  private Site known(int site) {
    int index = site - firstSite;
    return index >= 0 && index < sites.length ? sites[index] : null;
  }

  /**
   * @param part inputs, outputs or prediction_id: rate-limited apart, so a problem with each is
   *     seen at once
   */
  private void extractionFailed(ModelMonitor model, String part, Exception e) {
    errors.count(ErrorStage.EXTRACT);
    AgentLog.warnRateLimited(
        "extract:" + part + ":" + model.name(),
        "model '"
            + model.name()
            + "': "
            + (e instanceof ExtractionException ? e.getMessage() : unexpected(e))
            + ". The call itself was not affected; counted in"
            + " modelwatch_agent_errors_total{stage=\"extract\"}; repeats are logged at most once a"
            + " minute",
        null);
  }

  /** Class and place of an unexpected extractor failure; not its message, which may quote data. */
  private static String unexpected(Exception e) {
    StackTraceElement[] trace = e.getStackTrace();
    return "could not read the call's values: "
        + e.getClass().getName()
        + (trace.length > 0 ? " at " + trace[0] : "");
  }

  @Override
  public void agentError(String stage, Throwable error) {
    try {
      errors.record(ErrorStage.ofAdvice(stage), error);
    } catch (Throwable ignored) {
      // the error path itself must never throw into the application
    }
  }

  public List<ModelMonitor> models() {
    return models;
  }

  /**
   * The models as a reader (scrape, push, page) must see them: bucket bounds still being learned
   * from the first values ({@link LearnedBounds}) are fixed first from the values kept so far, so
   * every value recorded shows.
   */
  public List<ModelMonitor> settledModels() {
    for (ModelMonitor model : models) {
      LearnedBounds learning = model.learning();
      if (learning != null) {
        learning.fixForRead(cells);
      }
    }
    return models;
  }

  /**
   * What one read (a scrape, a push, the page) sees: the models settled ({@link #settledModels}),
   * then every model's cells summed in one pass, so that values kept aside while bucket bounds are
   * learned are in the sums.
   */
  public CellSums settledSums() {
    List<ModelMonitor> settled = settledModels();
    return cells.sumAll(settled.size());
  }

  /**
   * Replaces model {@code monitor.id()} with {@code monitor}. Its layout may differ only before any
   * call of the model has been recorded (features discovered at its first call, before that call is
   * recorded), so that no cells of the old layout exist; afterwards only by one of the same layout
   * ({@link LearnedBounds}). Scrapes see the old or the new model, both complete.
   */
  public synchronized void replace(ModelMonitor monitor) {
    List<ModelMonitor> next = new java.util.ArrayList<>(models);
    next.set(monitor.id(), monitor);
    models = List.copyOf(next);
  }

  public Site site(int id) {
    return sites[id - firstSite];
  }

  /** Every site of this recorder, in id order. */
  public List<Site> sites() {
    return List.of(sites);
  }

  public CellRegistry cells() {
    return cells;
  }

  public AgentErrors errors() {
    return errors;
  }
}
