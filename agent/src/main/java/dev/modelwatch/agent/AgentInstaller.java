package dev.modelwatch.agent;

import dev.modelwatch.agent.baseline.BaselineSetup;
import dev.modelwatch.agent.baseline.ModelBaseline;
import dev.modelwatch.agent.drift.ComparedColumn;
import dev.modelwatch.agent.drift.DriftColumns;
import dev.modelwatch.agent.drift.DriftEngine;
import dev.modelwatch.agent.extract.ArgumentExtractor;
import dev.modelwatch.agent.extract.InputExtractor;
import dev.modelwatch.agent.extract.OutputExtractor;
import dev.modelwatch.agent.extract.ReturnValueExtractor;
import dev.modelwatch.agent.feedback.FeedbackCollector;
import dev.modelwatch.agent.feedback.FeedbackDrain;
import dev.modelwatch.agent.feedback.FeedbackHandler;
import dev.modelwatch.agent.feedback.FeedbackSetup;
import dev.modelwatch.agent.feedback.ModelFeedback;
import dev.modelwatch.agent.http.MetricsEndpoint;
import dev.modelwatch.agent.http.Routes;
import dev.modelwatch.agent.instrument.InstrumentationInstaller;
import dev.modelwatch.agent.instrument.LibraryPreset;
import dev.modelwatch.agent.instrument.LibraryPresets;
import dev.modelwatch.agent.instrument.MethodInstrumentation;
import dev.modelwatch.agent.instrument.TypeInstrumentation;
import dev.modelwatch.agent.metrics.AgentMetricsCollector;
import dev.modelwatch.agent.metrics.DriftMetricsCollector;
import dev.modelwatch.agent.metrics.ModelMetricsCollector;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.bootstrap.ModelWatchBridge;
import dev.modelwatch.config.AgentArguments;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigException;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.config.InterceptConfig;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.ServerConfig;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything the agent does at start-up, after the bridge is on the bootstrap class path: read the
 * config, build the models' recorders, install the instrumentation, start the endpoint. Any
 * failure leaves the application running, and is said once, clearly.
 */
final class AgentInstaller {
  static final int DEFAULT_PORT = 9464;
  static final String DEFAULT_HOST = "0.0.0.0";

  private AgentInstaller() {}

  /** Returns normally in every case but one: an invalid config with {@code strict: true}. */
  static void install(String agentArguments, Instrumentation instrumentation)
      throws StrictModeFailure {
    long startNanos = System.nanoTime();
    AgentErrors errors = new AgentErrors();
    PrometheusRegistry registry = new PrometheusRegistry();
    AtomicReference<List<Site>> installedSites = new AtomicReference<>(List.of());
    registry.register(
        new AgentMetricsCollector(
            AgentVersion.get(),
            installedSites::get,
            errors));

    AgentArguments arguments;
    AgentConfig config;
    try {
      arguments = AgentArguments.parse(agentArguments, System.getenv());
    } catch (ConfigException e) {
      errors.count("config");
      AgentLog.error(
          "the -javaagent arguments are invalid, so the application runs WITHOUT model monitoring:\n"
              + e.getMessage(),
          null);
      serveAgentMetricsOnly(null, null, registry, errors);
      return;
    }
    try {
      config = ConfigLoader.load(arguments.configPath()).withServerOverrides(arguments.port(), arguments.host());
    } catch (ConfigException e) {
      errors.count("config");
      if (e.strictRequested()) {
        throw new StrictModeFailure(
            "the config is invalid and it sets strict: true, so the JVM stops:\n" + e.getMessage());
      }
      AgentLog.error(
          "the config is invalid, so the application runs WITHOUT model monitoring (set strict:"
              + " true to stop the JVM instead):\n"
              + e.getMessage(),
          null);
      serveAgentMetricsOnly(arguments.port(), arguments.host(), registry, errors);
      return;
    }

    List<ModelMonitor> models = new ArrayList<>();
    List<BaselineSetup> baselines = new ArrayList<>();
    List<Site> sites = new ArrayList<>();
    List<TypeInstrumentation> plans = new ArrayList<>();
    Map<LibraryPreset, List<ModelMonitor>> byLibrary = new LinkedHashMap<>();
    for (int i = 0; i < config.models().size(); i++) {
      ModelConfig model = config.models().get(i);
      InterceptConfig intercept = model.intercept();
      if (intercept.kind() == InterceptConfig.Kind.METHOD) {
        BaselineSetup baseline = BaselineSetup.of(model, config.limits(), errors);
        ModelMonitor monitor =
            monitor(models.size(), model, config, baseline,
                model.features().isEmpty() ? InputExtractor.NONE : new ArgumentExtractor(model.features()),
                model.outputs().isEmpty() ? OutputExtractor.NONE : new ReturnValueExtractor(model.outputs()));
        models.add(monitor);
        baselines.add(baseline);
        sites.add(new Site(sites.size(), describe(i, model), monitor));
        plans.add(
            new MethodInstrumentation(
                intercept.className(), intercept.method(), intercept.parameters(), inputArgument(model)));
        continue;
      }
      LibraryPreset preset = LibraryPresets.forKind(intercept.kind());
      if (preset == null) {
        errors.count("config");
        AgentLog.warn(
            "models[" + i + "] '" + model.name() + "': library " + intercept.kind().name().toLowerCase(Locale.ROOT)
                + " is not supported by this agent version; the model is not monitored");
        continue;
      }
      ModelConfig monitored = preset.monitoredConfig(model);
      BaselineSetup baseline = BaselineSetup.of(monitored, config.limits(), errors);
      ModelMonitor monitor =
          monitor(
              models.size(),
              monitored,
              config,
              baseline,
              preset.inputExtractor(monitored),
              preset.outputExtractor(monitored));
      models.add(monitor);
      baselines.add(baseline);
      byLibrary.computeIfAbsent(preset, p -> new ArrayList<>()).add(monitor);
    }
    for (Map.Entry<LibraryPreset, List<ModelMonitor>> library : byLibrary.entrySet()) {
      sites.add(library.getKey().site(sites.size(), library.getValue()));
      plans.add(library.getKey().instrumentation());
    }
    List<ModelFeedback> feedback = FeedbackSetup.attach(models, config.limits(), sites, plans);

    Recorder recorder = new Recorder(sites, models, errors);
    registry.register(new ModelMetricsCollector(recorder));
    DriftEngine drift = driftEngine(recorder, baselines, errors);
    registry.register(new DriftMetricsCollector(drift));
    registry.register(new FeedbackCollector(feedback));
    installedSites.set(List.copyOf(sites));
    ModelWatchBridge.install(recorder);
    try {
      InstrumentationInstaller.install(instrumentation, sites, plans, errors);
    } catch (Throwable t) {
      errors.record("install", t);
    }
    FeedbackDrain.start(feedback, errors);
    Routes routes = new Routes().add(FeedbackHandler.PATH, new FeedbackHandler(feedback));
    // premain ends here: the application starts while the endpoint comes up beside it
    long readyNanos = System.nanoTime();
    Thread endpointStart =
        new Thread(
            () -> startEndpoint(config, models.size(), registry, errors, routes, startNanos, readyNanos),
            "modelwatch-endpoint-start");
    endpointStart.setDaemon(true);
    endpointStart.start();
    ScheduledExecutorService scheduler = scheduler();
    scheduleStartupCheck(scheduler, sites, config);
    drift.start(scheduler);
    for (int i = 0; i < models.size(); i++) {
      baselines.get(i).startRecording(models.get(i).name(), scheduler, errors);
    }
  }

  /**
   * JVM metrics and the HTTP endpoint cost a few hundred milliseconds of class loading and JMX
   * set-up; neither is needed before the first scrape, so they start on their own thread instead
   * of holding up the application's start.
   */
  private static void startEndpoint(
      AgentConfig config,
      int modelCount,
      PrometheusRegistry registry,
      AgentErrors errors,
      Routes routes,
      long startNanos,
      long readyNanos) {
    try {
      if (config.server().jvmMetrics()) {
        try {
          JvmMetrics.builder().register(registry);
        } catch (Throwable t) {
          errors.record("install", t);
        }
      }
      MetricsEndpoint endpoint = startEndpoint(config.server(), registry, errors, routes);
      AgentLog.info(
          "ModelWatch "
              + AgentVersion.get()
              + " watching "
              + modelCount
              + " model(s) from "
              + config.source()
              + (endpoint == null ? "; metrics endpoint NOT running" : "; serving metrics at " + endpoint.url())
              + " (ready in "
              + TimeUnit.NANOSECONDS.toMillis(readyNanos - startNanos)
              + " ms; endpoint up after "
              + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)
              + " ms)");
    } catch (Throwable t) {
      errors.record("install", t);
    }
  }

  private static ModelMonitor monitor(
      int id, ModelConfig model, AgentConfig config, BaselineSetup baseline, InputExtractor input,
      OutputExtractor output) {
    return new ModelMonitor(id, model, config.limits(), baseline.specs(), input, output, baseline.rawValues());
  }

  /** Drift of every model whose baseline was loaded; a model whose set-up fails runs without. */
  private static DriftEngine driftEngine(Recorder recorder, List<BaselineSetup> baselines, AgentErrors errors) {
    DriftEngine drift = new DriftEngine(recorder.cells(), errors);
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
        errors.record("drift", e);
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
        + (intercept.parameters() == null ? "" : "(" + String.join(", ", intercept.parameters()) + ")")
        + ")";
  }

  private static void serveAgentMetricsOnly(
      Integer port, String host, PrometheusRegistry registry, AgentErrors errors) {
    MetricsEndpoint endpoint =
        startEndpoint(
            host == null ? DEFAULT_HOST : host, port == null ? DEFAULT_PORT : port, registry, errors);
    if (endpoint != null) {
      AgentLog.info(
          "serving only the agent's own metrics at " + endpoint.url() + " until the config is fixed");
    }
  }

  private static MetricsEndpoint startEndpoint(
      ServerConfig server, PrometheusRegistry registry, AgentErrors errors, Routes routes) {
    try {
      return MetricsEndpoint.start(server, registry, routes);
    } catch (MetricsEndpoint.EndpointException e) {
      errors.count("server");
      AgentLog.error(e.getMessage(), null);
      return null;
    }
  }

  private static MetricsEndpoint startEndpoint(
      String host, int port, PrometheusRegistry registry, AgentErrors errors) {
    try {
      return MetricsEndpoint.start(host, port, registry, new Routes());
    } catch (MetricsEndpoint.EndpointException e) {
      errors.count("server");
      AgentLog.error(e.getMessage(), null);
      return null;
    }
  }

  /** The agent's one daemon thread for timed work: start-up check, drift windows, baseline recording. */
  private static ScheduledExecutorService scheduler() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread thread = new Thread(r, "modelwatch-scheduler");
          thread.setDaemon(true);
          return thread;
        });
  }

  private static void scheduleStartupCheck(ScheduledExecutorService scheduler, List<Site> sites, AgentConfig config) {
    long delayMillis = config.startupCheck().toMillis();
    scheduler.schedule(() -> StartupCheck.warnAboutUnmatchedSites(sites, delayMillis), delayMillis, TimeUnit.MILLISECONDS);
  }

  /** An invalid config with {@code strict: true}: the JVM must stop with this message. */
  static final class StrictModeFailure extends Exception {
    private static final long serialVersionUID = 1L;

    StrictModeFailure(String message) {
      super(message);
    }
  }
}
