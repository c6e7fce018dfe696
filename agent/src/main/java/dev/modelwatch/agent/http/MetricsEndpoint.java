package dev.modelwatch.agent.http;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.config.AuthConfig;
import dev.modelwatch.config.ServerConfig;
import dev.modelwatch.config.TlsConfig;
import io.prometheus.metrics.config.ExemplarsProperties;
import io.prometheus.metrics.config.ExporterFilterProperties;
import io.prometheus.metrics.config.ExporterHttpServerProperties;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.config.MetricsProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import io.prometheus.metrics.exporter.httpserver.HealthyHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The agent's HTTP port: {@code /metrics} (Prometheus text or OpenMetrics by content negotiation,
 * client_java's scrape handler, compressed by {@link ScrapeHandler}) and {@code /-/healthy}, on the JDK's HTTP server with two daemon threads;
 * HTTPS when {@code server.tls} is set, basic authentication when {@code server.auth} is set. When
 * either cannot be set up the endpoint does not start at all rather than serve without them.
 *
 * <p>The server is set up here rather than by client_java's {@code HTTPServer} for what that
 * builder cannot do: put {@link BoundedWrites} in front of every handler, and compress scrapes at
 * the fastest level. It also leaves the JVM's
 * {@code sun.net.httpserver.*} system properties alone, which that builder sets for the whole
 * process (the application's own HTTP server included).
 */
public final class MetricsEndpoint implements AutoCloseable {
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final HttpServer server;
  private final ExecutorService executor;
  private final String host;
  private final boolean https;

  private MetricsEndpoint(HttpServer server, ExecutorService executor, String host, boolean https) {
    this.server = server;
    this.executor = executor;
    this.host = host;
    this.https = https;
  }

  /** Serves as {@code server} says: address, TLS and authentication. */
  public static MetricsEndpoint start(ServerConfig server, PrometheusRegistry registry, Routes routes)
      throws EndpointException {
    if (server.auth() != null && server.tls() == null && !isLoopback(server.host())) {
      AgentLog.warn(
          "server.auth is set without server.tls: the password crosses the network in clear text on "
              + server.host()
              + "; add server.tls (see README.md, Security)");
    }
    return start(server.host(), server.port(), server.tls(), server.auth(), registry, routes);
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  /** Plain HTTP without authentication. */
  public static MetricsEndpoint start(String host, int port, PrometheusRegistry registry, Routes routes)
      throws EndpointException {
    return start(host, port, null, null, registry, routes);
  }

  /**
   * Starts the endpoint. The exporter's settings are the agent's own defaults: a
   * {@code prometheus.properties} or {@code io.prometheus.*} system properties meant for the
   * application's client are never read.
   */
  public static MetricsEndpoint start(
      String host, int port, TlsConfig tls, AuthConfig auth, PrometheusRegistry registry, Routes routes)
      throws EndpointException {
    Authenticator authenticator = null;
    HttpServer server;
    try {
      InetSocketAddress address = new InetSocketAddress(host, port);
      if (tls != null) {
        HttpsServer httpsServer = HttpsServer.create();
        httpsServer.setHttpsConfigurator(TlsContext.configurator(tls));
        server = httpsServer;
      } else {
        server = HttpServer.create();
      }
      if (auth != null) {
        authenticator = new BasicAuth(auth.username(), PasswordCheck.of(auth), auth.healthyOpen());
      }
      server.bind(address, 3);
    } catch (IllegalArgumentException e) {
      throw new EndpointException(
          "metrics endpoint NOT started: "
              + e.getMessage()
              + ". It stays off rather than serve without the configured "
              + (tls != null && auth != null ? "TLS and authentication" : tls != null ? "TLS" : "authentication")
              + ". The application runs on; predictions are still recorded.",
          e);
    } catch (BindException e) {
      throw bindFailed(host, port, e);
    } catch (IOException | RuntimeException e) {
      throw startFailed(host, port, e);
    }
    context(server, "/", routes, authenticator);
    context(server, "/metrics", new ScrapeHandler(ownProperties(), registry), authenticator);
    context(server, BasicAuth.HEALTHY_PATH, new HealthyHandler(), authenticator);
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            2,
            2,
            120,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            task -> {
              Thread thread = new Thread(task, "modelwatch-http-" + THREADS.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
    server.setExecutor(executor);
    server.start();
    return new MetricsEndpoint(server, executor, host, tls != null);
  }

  private static void context(HttpServer server, String path, HttpHandler handler, Authenticator authenticator) {
    HttpContext context = server.createContext(path, handler);
    context.getFilters().add(new BoundedWrites());
    if (authenticator != null) {
      context.setAuthenticator(authenticator);
    }
  }

  private static EndpointException bindFailed(String host, int port, BindException e) {
    return new EndpointException(
          "cannot serve metrics on "
              + host
              + ":"
              + port
              + ": the port is taken or the address is not local ("
              + e.getMessage()
              + "). Choose another with server.port in the config or port=N in the -javaagent"
              + " arguments (port=0 picks a free port). The application runs on; predictions are"
              + " still recorded.",
          e);
  }

  private static EndpointException startFailed(String host, int port, Exception e) {
    return new EndpointException(
          "cannot serve metrics on "
              + host
              + ":"
              + port
              + " ("
              + e
              + "). Check server.host and server.port. The application runs on.",
          e);
  }
  static PrometheusProperties ownProperties() {
    return PrometheusProperties.builder()
        .defaultMetricsProperties(MetricsProperties.builder().build())
        .exemplarProperties(ExemplarsProperties.builder().build())
        .exporterProperties(ExporterProperties.builder().build())
        .exporterFilterProperties(ExporterFilterProperties.builder().build())
        .exporterHttpServerProperties(ExporterHttpServerProperties.builder().build())
        .build();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String url() {
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return (https ? "https://" : "http://") + shown + ":" + port() + "/metrics";
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** The endpoint could not start; the message says why and how to fix it. */
  public static final class EndpointException extends Exception {
    private static final long serialVersionUID = 1L;

    EndpointException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
