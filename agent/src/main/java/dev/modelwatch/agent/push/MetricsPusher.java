package dev.modelwatch.agent.push;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.config.Durations;
import dev.modelwatch.config.PushConfig;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.pushgateway.Format;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Pushes the agent's registry to a Prometheus Pushgateway on the configured interval and once more
 * when the JVM exits, for jobs that end before any Prometheus scrapes them. Each push replaces the
 * whole group (HTTP PUT), so the gateway always holds the latest complete state. A push that fails
 * is counted in {@code modelwatch_agent_errors_total{stage="push"}} and said once until pushing
 * works again; the application never waits for it, and its exit waits at most {@link
 * PushConfig#timeout()} for the last push.
 */
public final class MetricsPusher {
  private final PushConfig config;
  private final PrometheusRegistry registry;
  private final AgentErrors errors;
  private final String configSource;
  private final ScheduledExecutorService scheduler;
  private final Object lock = new Object();
  // guarded by lock
  private PushGateway gateway;
  private boolean failing;

  private MetricsPusher(
      PushConfig config, PrometheusRegistry registry, AgentErrors errors, String configSource) {
    this.config = config;
    this.registry = registry;
    this.errors = errors;
    this.configSource = configSource;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "modelwatch-push");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Schedules the pushes and registers the push at exit. Cheap enough for premain: the Pushgateway
   * client is built on the push thread, at the first push.
   *
   * @param configSource the config file, named in messages
   */
  public static MetricsPusher start(
      PushConfig config, PrometheusRegistry registry, AgentErrors errors, String configSource) {
    MetricsPusher pusher = new MetricsPusher(config, registry, errors, configSource);
    long interval = config.interval().toMillis();
    pusher.scheduler.scheduleWithFixedDelay(
        pusher::pushOnce, interval, interval, TimeUnit.MILLISECONDS);
    Thread atExit = new Thread(pusher::pushAtExit, "modelwatch-push-at-exit");
    atExit.setDaemon(true);
    Runtime.getRuntime().addShutdownHook(atExit);
    return pusher;
  }

  /** The base URL pushed to, for the start-up log. */
  public String target() {
    return config.gateway()
        + " (job "
        + config.job()
        + ", every "
        + Durations.format(config.interval())
        + " and at exit)";
  }

  /**
   * The last push: on a thread of its own, so that a gateway that does not answer holds the exit
   * for at most the timeout. The periodic pushes stop first; one under way finishes (bounded by the
   * same timeout) before this one.
   */
  private void pushAtExit() {
    try {
      scheduler.shutdown();
      Thread last = new Thread(this::pushOnce, "modelwatch-push-last");
      last.setDaemon(true);
      last.start();
      last.join(config.timeout().toMillis());
      if (last.isAlive()) {
        errors.count(ErrorStage.PUSH);
        AgentLog.warn(
            "the last push to "
                + config.gateway()
                + " did not finish within push.timeout ("
                + Durations.format(config.timeout())
                + "); the JVM exits without it, and the gateway keeps the previous push");
      }
    } catch (Throwable t) {
      errors.record(ErrorStage.PUSH, t);
    }
  }

  /** One push of the whole registry; never throws. */
  void pushOnce() {
    synchronized (lock) {
      try {
        if (gateway == null) {
          gateway = build();
        }
        gateway.push();
        if (failing) {
          failing = false;
          AgentLog.info("pushing the metrics to " + config.gateway() + " works again");
        }
      } catch (Throwable t) {
        errors.count(ErrorStage.PUSH);
        if (!failing) {
          failing = true;
          AgentLog.warn(
              "cannot push the metrics to "
                  + config.gateway()
                  + " (push.pushgateway in "
                  + configSource
                  + "): "
                  + t.getMessage()
                  + ". The application is unaffected and the agent keeps recording; it tries again every "
                  + Durations.format(config.interval())
                  + " and once at exit. Check that a Pushgateway answers at that address. Counted in"
                  + " modelwatch_agent_errors_total{stage=\"push\"}; said again only after pushing has worked");
        }
      }
    }
  }

  private PushGateway build() throws IOException, GeneralSecurityException {
    URI uri = config.gateway();
    String address = uri.getRawAuthority() + stripTrailingSlash(uri.getRawPath());
    // empty properties: the application's own io.prometheus.* system properties must not redirect
    // the agent's push
    PushGateway.Builder builder =
        PushGateway.builder(PrometheusProperties.builder().build())
            .address(address)
            .scheme("https".equals(uri.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
            .job(config.job())
            .registry(registry)
            .format(Format.PROMETHEUS_TEXT)
            .connectionTimeout(config.timeout())
            .readTimeout(config.timeout());
    if (!config.grouping().containsKey("instance")) {
      builder.groupingKey("instance", defaultInstance());
    }
    for (Map.Entry<String, String> label : config.grouping().entrySet()) {
      builder.groupingKey(label.getKey(), label.getValue());
    }
    if (config.username() != null) {
      builder.basicAuth(config.username(), password());
    }
    if (config.truststore() != null) {
      SSLSocketFactory sockets = trusting(config).getSocketFactory();
      builder.connectionFactory(
          url -> {
            HttpsURLConnection connection = (HttpsURLConnection) url.openConnection();
            connection.setSSLSocketFactory(sockets);
            return connection;
          });
    }
    return builder.build();
  }

  /**
   * The host name and process id: unique per JVM, so that executors and replicas of one job each
   * keep their own group, and recording rules add them up.
   */
  static String defaultInstance() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (IOException | RuntimeException e) {
        host = "localhost";
      }
    }
    return host + ":" + ProcessHandle.current().pid();
  }

  private String password() throws IOException {
    if (config.passwordEnv() != null) {
      String value = System.getenv(config.passwordEnv());
      if (value == null) {
        throw new IOException(
            "push.auth.password_env names "
                + config.passwordEnv()
                + ", which is not set in the environment");
      }
      return value;
    }
    Path file = config.passwordFile();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(4096);
    } catch (IOException e) {
      throw new IOException(
          "cannot read push.auth.password_file " + file + ": " + e.getMessage(), e);
    }
    String text = new String(bytes, StandardCharsets.UTF_8);
    int end = text.indexOf('\n');
    return (end < 0 ? text : text.substring(0, end)).strip();
  }

  private static SSLContext trusting(PushConfig config)
      throws IOException, GeneralSecurityException {
    String password = config.truststorePassword();
    if (config.truststorePasswordEnv() != null) {
      password = System.getenv(config.truststorePasswordEnv());
      if (password == null) {
        throw new IOException(
            "push.tls.password_env names "
                + config.truststorePasswordEnv()
                + ", which is not set in the environment");
      }
    }
    KeyStore store = KeyStore.getInstance(config.truststoreType());
    try (InputStream in = Files.newInputStream(config.truststore())) {
      store.load(in, password == null ? null : password.toCharArray());
    } catch (IOException e) {
      throw new IOException(
          "cannot read push.tls.truststore " + config.truststore() + ": " + e.getMessage(), e);
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static String stripTrailingSlash(String path) {
    if (path == null) {
      return "";
    }
    String stripped = path;
    while (stripped.endsWith("/")) {
      stripped = stripped.substring(0, stripped.length() - 1);
    }
    return stripped;
  }
}
