package dev.modelwatch.agent;

import dev.modelwatch.agent.feedback.FeedbackHandler;
import dev.modelwatch.agent.http.MetricsEndpoint;
import dev.modelwatch.agent.http.Routes;
import dev.modelwatch.agent.library.LibrarySupports;
import dev.modelwatch.agent.metrics.AgentMetricsCollector;
import dev.modelwatch.agent.metrics.ConfigReloadCounts;
import dev.modelwatch.agent.page.ModelReports;
import dev.modelwatch.agent.page.PageRoutes;
import dev.modelwatch.agent.push.MetricsPusher;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.bootstrap.ModelWatchBridge;
import dev.modelwatch.config.AgentArguments;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigException;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.PushConfig;
import dev.modelwatch.config.ServerConfig;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything the agent does at start-up, after the bridge is on the bootstrap class path: read the
 * config, build its {@link AgentRuntime} (models, recorder, instrumentation), start the endpoint
 * and the watching of the config for reloads. Any failure leaves the application running, and is
 * said once, clearly.
 */
final class AgentInstaller {

  private AgentInstaller() {}

  /**
   * Returns normally in every case but one: an invalid config with {@code strict: true}.
   *
   * @param startNanos when premain started, for the ready time said in the log
   * @param atJvmStart premain: nothing is retransformed, since no class that may match is loaded
   *     yet; on attach the classes already loaded are retransformed before this returns
   */
  static void install(
      String agentArguments, Instrumentation instrumentation, long startNanos, boolean atJvmStart)
      throws StrictModeFailure {
    AgentErrors errors = new AgentErrors();
    PrometheusRegistry registry = new PrometheusRegistry();
    ConfigReloadCounts reloads = new ConfigReloadCounts();
    AtomicReference<AgentRuntime> current = new AtomicReference<>();
    registry.register(
        new AgentMetricsCollector(
            AgentVersion.get(),
            () -> {
              AgentRuntime runtime = current.get();
              return runtime == null ? List.<Site>of() : runtime.sites();
            },
            errors,
            reloads));

    AgentArguments arguments;
    AgentConfig config;
    try {
      arguments = AgentArguments.parse(agentArguments, System.getenv());
    } catch (ConfigException e) {
      errors.count(ErrorStage.CONFIG);
      AgentLog.error(
          "the -javaagent arguments are invalid, so the application runs WITHOUT model monitoring:\n"
              + e.getMessage(),
          null);
      serveAgentMetricsOnly(null, null, null, registry, errors);
      return;
    }
    // the built-in library supports and those of extension jars: the libraries a config may name
    LibrarySupports libraries =
        LibrarySupports.load(arguments.extensions(), problem -> errors.count(ErrorStage.CONFIG));
    try {
      config =
          ConfigLoader.load(arguments.configPath(), libraries.catalog())
              .withServerOverrides(arguments.port(), arguments.host());
    } catch (ConfigException e) {
      errors.count(ErrorStage.CONFIG);
      if (e.strictRequested()) {
        throw new StrictModeFailure(
            "the config is invalid and it sets strict: true, so the JVM stops:\n" + e.getMessage());
      }
      AgentLog.error(
          "the config is invalid, so the application runs WITHOUT model monitoring (set strict:"
              + " true to stop the JVM instead):\n"
              + e.getMessage(),
          null);
      serveAgentMetricsOnly(e.validServer(), arguments.port(), arguments.host(), registry, errors);
      pushAgentMetricsOnly(e.validPush(), registry, errors, arguments);
      return;
    }

    // the files as the config was read; hashed on the start-up thread
    WatchedFiles.Contents loaded =
        WatchedFiles.read(WatchedFiles.of(arguments.configPath(), config));
    AgentRuntime runtime = AgentRuntime.build(config, 0, errors, libraries);
    current.set(runtime);
    registry.register(new RuntimeCollector(current::get));
    ModelWatchBridge.install(runtime.recorder());
    runtime.instrument(instrumentation, !atJvmStart);
    UnmatchedAtExit.register(current::get, startNanos, errors);
    // in premain, so that a job whose main returns at once still pushes at exit
    MetricsPusher pusher =
        config.push() == null
            ? null
            : MetricsPusher.start(config.push(), registry, errors, String.valueOf(config.source()));
    // premain ends here: the application starts while the agent's timed work and endpoint come up
    // beside it
    long readyNanos = System.nanoTime();
    // said here, not by the start-up thread: a JVM that exits at once (java -version) still says it
    AgentLog.info(
        "ModelWatch "
            + AgentVersion.get()
            + " watching "
            + runtime.models().size()
            + " model(s) from "
            + config.source()
            + " (ready in "
            + TimeUnit.NANOSECONDS.toMillis(readyNanos - startNanos)
            + " ms; "
            + (config.server().enabled()
                ? "the metrics endpoint starts beside the application"
                : "no metrics endpoint (server port off)")
            + (pusher == null ? "" : "; pushing to " + pusher.target())
            + ")");
    Thread rest =
        new Thread(
            () -> {
              try {
                ScheduledExecutorService scheduler = scheduler();
                runtime.start(scheduler, "start-up");
                new ConfigReloader(
                        arguments,
                        config,
                        instrumentation,
                        scheduler,
                        errors,
                        reloads,
                        current,
                        runtime.sites().size(),
                        loaded.fingerprint(),
                        libraries)
                    .start();
              } catch (Throwable t) {
                errors.record(ErrorStage.INSTALL, t);
              }
              startEndpoint(config, registry, errors, current, startNanos);
            },
            "modelwatch-start");
    rest.setDaemon(true);
    rest.start();
  }

  /**
   * The endpoint's routes; they read the generation in force, as a config reload swaps it under
   * them.
   */
  private static Routes routes(
      AtomicReference<AgentRuntime> current, PrometheusRegistry registry, AgentErrors errors) {
    return PageRoutes.addTo(
        new Routes()
            .add(
                FeedbackHandler.PATH, exchange -> current.get().feedbackHandler().handle(exchange)),
        () -> {
          AgentRuntime inForce = current.get();
          return new ModelReports(inForce.recorder(), inForce.drift(), registry, errors);
        },
        AgentVersion.get(),
        errors);
  }

  /**
   * JVM metrics and the HTTP endpoint cost a few hundred milliseconds of class loading and JMX
   * set-up; neither is needed before the first scrape, so they start on the agent's start-up thread
   * instead of holding up the application's start.
   */
  private static void startEndpoint(
      AgentConfig config,
      PrometheusRegistry registry,
      AgentErrors errors,
      AtomicReference<AgentRuntime> current,
      long startNanos) {
    try {
      Routes routes = routes(current, registry, errors);
      if (config.server().jvmMetrics()) {
        try {
          JvmMetricsSetup.register(registry);
        } catch (Throwable t) {
          errors.record(ErrorStage.INSTALL, t);
        }
      }
      if (!config.server().enabled()) {
        return;
      }
      MetricsEndpoint endpoint = startEndpoint(config.server(), registry, errors, routes);
      if (endpoint != null) {
        AgentLog.info(
            "serving metrics at "
                + endpoint.url()
                + " (endpoint up "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos)
                + " ms after the agent started)");
      }
    } catch (Throwable t) {
      errors.record(ErrorStage.INSTALL, t);
    }
  }

  /**
   * The agent's own metrics while the config is invalid: on the config's {@code server} section
   * when that part is valid (else the defaults), with the -javaagent port and host over either.
   * Started on a daemon thread: the JDK server's dispatcher thread takes its daemon status from the
   * thread that starts it, and premain's thread is the application's main thread.
   */
  private static void serveAgentMetricsOnly(
      ServerConfig validServer,
      Integer port,
      String host,
      PrometheusRegistry registry,
      AgentErrors errors) {
    ServerConfig server = validServer == null ? ServerConfig.DEFAULTS : validServer;
    if (!server.enabled() && port == null) {
      return; // the config turned the endpoint off; its push section, when valid, carries these
      // metrics
    }
    ServerConfig served =
        server.enabledAt(port == null ? server.port() : port, host == null ? server.host() : host);
    String from = validServer == null ? "the default port" : "the config's server section";
    Thread thread =
        new Thread(
            () -> {
              try {
                MetricsEndpoint endpoint = startEndpoint(served, registry, errors, new Routes());
                if (endpoint != null) {
                  AgentLog.info(
                      "serving only the agent's own metrics at "
                          + endpoint.url()
                          + " ("
                          + from
                          + ") until the config is fixed");
                }
              } catch (Throwable t) {
                errors.record(ErrorStage.INSTALL, t);
              }
            },
            "modelwatch-start");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The agent's own metrics, and the count of the config error, pushed while the config is invalid:
   * a job that only pushes has no other way to show it.
   */
  private static void pushAgentMetricsOnly(
      PushConfig validPush,
      PrometheusRegistry registry,
      AgentErrors errors,
      AgentArguments arguments) {
    if (validPush == null) {
      return;
    }
    try {
      MetricsPusher pusher =
          MetricsPusher.start(validPush, registry, errors, String.valueOf(arguments.configPath()));
      AgentLog.info(
          "pushing only the agent's own metrics to "
              + pusher.target()
              + " until the config is fixed");
    } catch (Throwable t) {
      errors.record(ErrorStage.INSTALL, t);
    }
  }

  private static MetricsEndpoint startEndpoint(
      ServerConfig server, PrometheusRegistry registry, AgentErrors errors, Routes routes) {
    try {
      return MetricsEndpoint.start(server, registry, routes, errors);
    } catch (MetricsEndpoint.EndpointException e) {
      errors.count(ErrorStage.SERVER);
      AgentLog.error(e.getMessage(), null);
      return null;
    }
  }

  /**
   * The agent's daemon thread for timed work: start-up check, drift windows, baseline recording,
   * and the start of each check of the watched files (which reads them on a thread of its own).
   */
  private static ScheduledExecutorService scheduler() {
    return Executors.newSingleThreadScheduledExecutor(
        r -> {
          Thread thread = new Thread(r, "modelwatch-scheduler");
          thread.setDaemon(true);
          return thread;
        });
  }

  /** An invalid config with {@code strict: true}: the JVM must stop with this message. */
  static final class StrictModeFailure extends Exception {
    private static final long serialVersionUID = 1L;

    StrictModeFailure(String message) {
      super(message);
    }
  }
}
