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
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;

/**
 * The agent's HTTP port: {@code /metrics} (Prometheus text or OpenMetrics by content negotiation)
 * and {@code /-/healthy}, served by client_java's HTTP server on daemon threads; HTTPS when
 * {@code server.tls} is set, basic authentication when {@code server.auth} is set. When either
 * cannot be set up the endpoint does not start at all rather than serve without them.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HTTPServer server;
  private final String host;
  private final boolean https;

  private MetricsEndpoint(HTTPServer server, String host, boolean https) {
    this.server = server;
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
    HTTPServer.Builder builder =
        HTTPServer.builder(ownProperties())
            .hostname(host)
            .port(port)
            .registry(registry)
            .defaultHandler(routes);
    try {
      if (tls != null) {
        builder.httpsConfigurator(TlsContext.configurator(tls));
      }
      if (auth != null) {
        builder.authenticator(new BasicAuth(auth.username(), PasswordCheck.of(auth), auth.healthyOpen()));
      }
    } catch (IllegalArgumentException e) {
      throw new EndpointException(
          "metrics endpoint NOT started: "
              + e.getMessage()
              + ". It stays off rather than serve without the configured "
              + (tls != null && auth != null ? "TLS and authentication" : tls != null ? "TLS" : "authentication")
              + ". The application runs on; predictions are still recorded.",
          e);
    }
    try {
      HTTPServer server = builder.buildAndStart();
      return new MetricsEndpoint(server, host, tls != null);
    } catch (BindException e) {
      throw new EndpointException(
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
    } catch (IOException | RuntimeException e) {
      throw new EndpointException(
          "cannot serve metrics on "
              + host
              + ":"
              + port
              + " ("
              + e
              + "). Check server.host and server.port. The application runs on.",
          e);
    }
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
    return server.getPort();
  }

  public String url() {
    String shown = host.contains(":") ? "[" + host + "]" : host;
    return (https ? "https://" : "http://") + shown + ":" + port() + "/metrics";
  }

  @Override
  public void close() {
    server.close();
  }

  /** The endpoint could not start; the message says why and how to fix it. */
  public static final class EndpointException extends Exception {
    private static final long serialVersionUID = 1L;

    EndpointException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
