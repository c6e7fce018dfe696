package dev.modelwatch.agent.http;

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
 * and {@code /-/healthy}, served by client_java's HTTP server on daemon threads.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HTTPServer server;
  private final String host;

  private MetricsEndpoint(HTTPServer server, String host) {
    this.server = server;
    this.host = host;
  }

  /**
   * Starts the endpoint. The exporter's settings are the agent's own defaults: a
   * {@code prometheus.properties} or {@code io.prometheus.*} system properties meant for the
   * application's client are never read.
   */
  public static MetricsEndpoint start(String host, int port, PrometheusRegistry registry, Routes routes)
      throws EndpointException {
    try {
      HTTPServer server =
          HTTPServer.builder(ownProperties())
              .hostname(host)
              .port(port)
              .registry(registry)
              .defaultHandler(routes)
              .buildAndStart();
      return new MetricsEndpoint(server, host);
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
    return "http://" + shown + ":" + port() + "/metrics";
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
