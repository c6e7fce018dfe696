package dev.modelwatch.agent;

import dev.modelwatch.agent.baseline.BaselineSetup;
import dev.modelwatch.agent.baseline.BaselineVocabularies;
import dev.modelwatch.agent.baseline.ModelBaseline;
import dev.modelwatch.agent.capture.CaptureMetricsCollector;
import dev.modelwatch.agent.capture.PayloadCapture;
import dev.modelwatch.agent.drift.ComparedColumn;
import dev.modelwatch.agent.drift.DriftColumns;
import dev.modelwatch.agent.drift.DriftEngine;
import dev.modelwatch.agent.extract.ArgumentExtractor;
import dev.modelwatch.agent.extract.ReturnValueExtractor;
import dev.modelwatch.agent.feedback.AccuracyEstimateCollector;
import dev.modelwatch.agent.feedback.AccuracyEstimates;
import dev.modelwatch.agent.feedback.FeedbackCollector;
import dev.modelwatch.agent.feedback.FeedbackDrain;
import dev.modelwatch.agent.feedback.FeedbackHandler;
import dev.modelwatch.agent.feedback.FeedbackSetup;
import dev.modelwatch.agent.feedback.ModelFeedback;
import dev.modelwatch.agent.instrument.InstrumentationInstaller;
import dev.modelwatch.agent.instrument.MethodInstrumentation;
import dev.modelwatch.agent.instrument.SiteTransformer;
import dev.modelwatch.agent.instrument.TypeInstrumentation;
import dev.modelwatch.agent.library.LibraryModels;
import dev.modelwatch.agent.library.LibrarySupports;
import dev.modelwatch.agent.metrics.DriftMetricsCollector;
import dev.modelwatch.agent.metrics.ModelMetricsCollector;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.config.InterceptConfig;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.baseline.BaselineException;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.OutputExtractor;
import io.prometheus.metrics.model.registry.MultiCollector;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One generation of the config in force: its models, sites and instrumentation plans, the recorder
 * the bridge dispatches to, drift, feedback and baselines, and the collectors and handler that read
 * them. A config reload builds a new one and retires the old; the registry, endpoint, scheduler and
 * error counts outlive every generation. Routes and collectors read the generation in force through
 * one {@code Supplier<AgentRuntime>}, never a captured one.
 */
public final class AgentRuntime {
  private final AgentConfig config;
  private final List<Site> sites;
  private final List<TypeInstrumentation> plans;
  private final List<BaselineSetup> baselines;
  private final List<ModelFeedback> feedback;
  private final Recorder recorder;
  private final DriftEngine drift;
  private final AccuracyEstimates estimates;
  private final PayloadCapture capture;
  private final List<MultiCollector> collectors;
  private final FeedbackHandler feedbackHandler;
  private final AgentErrors errors;
  private volatile SiteTransformer transformer;
  private volatile FeedbackDrain feedbackDrain;
  private volatile ScheduledFuture<?> startupCheck;
  // the start-up check and the exit check say it once between them, whichever comes first
  private final AtomicBoolean unmatchedChecked = new AtomicBoolean();

  private AgentRuntime(
      AgentConfig config,
      List<Site> sites,
      List<TypeInstrumentation> plans,
      List<BaselineSetup> baselines,
      List<ModelFeedback> feedback,
      Recorder recorder,
      DriftEngine drift,
      AccuracyEstimates estimates,
      PayloadCapture capture,
      AgentErrors errors) {
    this.config = config;
    this.sites = List.copyOf(sites);
    this.plans = List.copyOf(plans);
    this.baselines = List.copyOf(baselines);
    this.feedback = List.copyOf(feedback);
    this.recorder = recorder;
    this.drift = drift;
    this.estimates = estimates;
    this.capture = capture;
    this.errors = errors;
    this.collectors =
        List.of(
            new ModelMetricsCollector(recorder),
            new DriftMetricsCollector(drift),
            new FeedbackCollector(feedback),
            new AccuracyEstimateCollector(estimates),
            new CaptureMetricsCollector(capture));
    this.feedbackHandler = new FeedbackHandler(feedback);
  }

  /**
   * Builds the models of {@code config} (reading their baselines) without instrumenting anything.
   *
   * @param firstSiteId the first of this generation's site ids; ids are never reused, since they
   *     are constants in the advice of classes that may still run it
   */
  static AgentRuntime build(
      AgentConfig config, int firstSiteId, AgentErrors errors, LibrarySupports libraries) {
    try {
      return build(config, firstSiteId, errors, libraries, false);
    } catch (UnusableBaselineException e) {
      throw new IllegalStateException(
          e); // not thrown at start-up: an unusable baseline is skipped there
    }
  }

  /**
   * As {@link #build(AgentConfig, int, AgentErrors)} for a reloaded config, where a baseline that
   * cannot be used rejects the whole config instead of being skipped.
   */
  static AgentRuntime buildReloaded(
      AgentConfig config, int firstSiteId, AgentErrors errors, LibrarySupports libraries)
      throws UnusableBaselineException {
    return build(config, firstSiteId, errors, libraries, true);
  }

  private static AgentRuntime build(
      AgentConfig config,
      int firstSiteId,
      AgentErrors errors,
      LibrarySupports libraries,
      boolean reloaded)
      throws UnusableBaselineException {
    List<ModelMonitor> models = new ArrayList<>();
    List<BaselineSetup> baselines = new ArrayList<>();
    List<Site> sites = new ArrayList<>();
    List<TypeInstrumentation> plans = new ArrayList<>();
    List<ModelConfig> configured = BaselineVocabularies.attach(config.models());
    LibraryModels libraryModels =
        LibraryModels.prepare(configured, config.limits(), libraries, errors);
    for (int i = 0; i < configured.size(); i++) {
      ModelConfig model = configured.get(i);
      InterceptConfig intercept = model.intercept();
      if (intercept.kind() == InterceptConfig.Kind.METHOD) {
        BaselineSetup baseline = baseline(model, config, errors, reloaded);
        ModelMonitor monitor =
            monitor(
                models.size(),
                model,
                config,
                baseline,
                model.features().isEmpty()
                    ? InputExtractor.NONE
                    : new ArgumentExtractor(model.features()),
                model.outputs().isEmpty()
                    ? OutputExtractor.NONE
                    : new ReturnValueExtractor(model.outputs()));
        models.add(monitor);
        baselines.add(baseline);
        sites.add(new Site(firstSiteId + sites.size(), describe(i, model), monitor));
        plans.add(
            new MethodInstrumentation(
                intercept.className(),
                intercept.method(),
                intercept.parameters(),
                inputArgument(model)));
        continue;
      }
      if (!libraryModels.monitors(i)) {
        continue; // said once by prepare
      }
      ModelConfig monitored = libraryModels.monitored(i);
      // a model whose features are discovered has its baseline matched then
      BaselineSetup baseline =
          libraryModels.discovers(i)
              ? BaselineSetup.none()
              : baseline(monitored, config, errors, reloaded);
      ModelMonitor monitor =
          monitor(
              models.size(),
              monitored,
              config,
              baseline,
              libraryModels.input(i),
              libraryModels.output(i));
      models.add(monitor);
      baselines.add(baseline);
      libraryModels.bind(i, monitor);
    }
    for (LibraryModels.Library library : libraryModels.libraries()) {
      sites.add(library.site(firstSiteId + sites.size()));
      plans.add(library.instrumentation());
    }
    List<ModelFeedback> feedback =
        FeedbackSetup.attach(models, config.limits(), sites, plans, firstSiteId);
    PayloadCapture capture = PayloadCapture.of(models, errors);
    Recorder recorder = new Recorder(sites, models, errors, capture.byModel());
    libraryModels.useRecorder(recorder);
    DriftEngine drift = driftEngine(recorder, baselines, errors);
    AccuracyEstimates estimates = AccuracyEstimates.of(recorder, errors);
    return new AgentRuntime(
        config, sites, plans, baselines, feedback, recorder, drift, estimates, capture, errors);
  }

  /**
   * Installs this generation's advice, retransforming classes already loaded. Until the bridge
   * dispatches to {@link #recorder()}, calls through this advice are not recorded.
   */
  void instrument(Instrumentation instrumentation) {
    instrument(instrumentation, true);
  }

  /**
   * Installs this generation's advice; without {@code retransform} (at JVM start, when no class
   * that may match is loaded yet) the classes already loaded are not looked at.
   */
  void instrument(Instrumentation instrumentation, boolean retransform) {
    try {
      transformer =
          InstrumentationInstaller.install(instrumentation, sites, plans, errors, retransform);
    } catch (Throwable t) {
      errors.record(ErrorStage.INSTALL, t);
    }
  }

  /**
   * Starts the timed work: drift windows, the windows of accuracy estimates, baseline recording,
   * feedback drain, payload capture, the check for unmatched sites.
   */
  void start(ScheduledExecutorService scheduler, String since) {
    long delayMillis = config.startupCheck().toMillis();
    startupCheck =
        scheduler.schedule(
            () -> {
              if (unmatchedChecked.compareAndSet(false, true)) {
                StartupCheck.warnAboutUnmatchedSites(sites, delayMillis, since);
              }
            },
            delayMillis,
            TimeUnit.MILLISECONDS);
    drift.start(scheduler);
    estimates.start(scheduler);
    for (int i = 0; i < baselines.size(); i++) {
      baselines.get(i).startRecording(recorder.models().get(i).name(), scheduler, errors);
    }
    feedbackDrain = FeedbackDrain.start(feedback, errors);
    capture.start();
  }

  /**
   * Retires this generation once another is in force: removes its advice (retransforming the
   * classes it had changed) and stops its timed work. Calls already inside old advice finish
   * normally; they are not recorded in the new generation.
   */
  void stop(Instrumentation instrumentation) {
    SiteTransformer installed = transformer;
    if (installed != null) {
      try {
        installed.reset(instrumentation);
      } catch (Throwable t) {
        errors.record(ErrorStage.INSTALL, t);
      }
    }
    ScheduledFuture<?> check = startupCheck;
    if (check != null) {
      check.cancel(false);
    }
    drift.stop();
    estimates.stop();
    for (BaselineSetup baseline : baselines) {
      baseline.stopRecording();
    }
    FeedbackDrain drain = feedbackDrain;
    if (drain != null) {
      drain.stop();
    }
    capture.stop();
  }

  /** At JVM exit: says which sites instrumented nothing, unless the start-up check has run. */
  void warnAboutUnmatchedSitesAtExit(long uptimeMillis) {
    if (unmatchedChecked.compareAndSet(false, true)) {
      StartupCheck.warnAboutUnmatchedSitesAtExit(sites, uptimeMillis);
    }
  }

  public AgentConfig config() {
    return config;
  }

  public Recorder recorder() {
    return recorder;
  }

  public DriftEngine drift() {
    return drift;
  }

  public List<ModelFeedback> feedback() {
    return feedback;
  }

  public List<Site> sites() {
    return sites;
  }

  public List<ModelMonitor> models() {
    return recorder.models();
  }

  /** The handler of {@code POST /feedback} for this generation's models. */
  public FeedbackHandler feedbackHandler() {
    return feedbackHandler;
  }

  /** The collectors of this generation's model, drift and feedback metrics. */
  List<MultiCollector> collectors() {
    return collectors;
  }

  private static BaselineSetup baseline(
      ModelConfig model, AgentConfig config, AgentErrors errors, boolean reloaded)
      throws UnusableBaselineException {
    if (!reloaded) {
      return BaselineSetup.of(model, config.limits(), errors);
    }
    try {
      return BaselineSetup.ofReloaded(model, config.limits(), errors);
    } catch (BaselineException e) {
      throw new UnusableBaselineException(model.name(), e);
    }
  }

  /** A reloaded config names a baseline file that cannot be read or is invalid. */
  static final class UnusableBaselineException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String model;

    UnusableBaselineException(String model, BaselineException cause) {
      super(cause.getMessage(), cause);
      this.model = model;
    }

    String model() {
      return model;
    }
  }

  private static ModelMonitor monitor(
      int id,
      ModelConfig model,
      AgentConfig config,
      BaselineSetup baseline,
      InputExtractor input,
      OutputExtractor output) {
    return new ModelMonitor(
        id, model, config.limits(), baseline.specs(), input, output, baseline.rawValues());
  }

  /** Drift of every model whose baseline was loaded; a model whose set-up fails runs without. */
  private static DriftEngine driftEngine(
      Recorder recorder, List<BaselineSetup> baselines, AgentErrors errors) {
    DriftEngine drift = new DriftEngine(recorder.cells(), errors);
    for (ModelMonitor monitor : recorder.models()) {
      monitor.useDrift(drift); // for baselines known only at a model's first call (Tribuo)
    }
    for (int i = 0; i < baselines.size(); i++) {
      ModelBaseline baseline = baselines.get(i).baseline();
      if (baseline == null) {
        continue;
      }
      ModelMonitor monitor = recorder.models().get(i);
      try {
        List<ComparedColumn> columns = DriftColumns.of(monitor, baseline);
        if (!columns.isEmpty()) {
          drift.add(monitor.id(), baseline, monitor.name(), monitor.config().drift(), columns);
        }
      } catch (RuntimeException e) {
        errors.record(ErrorStage.DRIFT, e);
      }
    }
    return drift;
  }

  private static int inputArgument(ModelConfig model) {
    for (FeatureConfig feature : model.features()) {
      return feature.argument();
    }
    return 0;
  }

  private static String describe(int index, ModelConfig model) {
    InterceptConfig intercept = model.intercept();
    return "models["
        + index
        + "] '"
        + model.name()
        + "' ("
        + intercept.className()
        + "#"
        + intercept.method()
        + (intercept.parameters() == null
            ? ""
            : "(" + String.join(", ", intercept.parameters()) + ")")
        + ")";
  }
}
