package dev.modelwatch.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.config.ExemplarsProperties;
import io.prometheus.metrics.config.ExporterFilterProperties;
import io.prometheus.metrics.config.ExporterHttpServerProperties;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.config.MetricsProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} on a real endpoint: content negotiation, {@code name[]} filters and gzip; the
 * protobuf format and {@code ?debug=} answered by client_java's handler.
 */
class ScrapeHandlerTest {
  private final HttpClient client = HttpClient.newHttpClient();
  private MetricsEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter calls =
        Counter.builder()
            .name("demo_calls_total")
            .help("calls")
            .labelNames("model")
            .register(registry);
    Counter other = Counter.builder().name("demo_other_total").help("other").register(registry);
    for (int i = 0; i < 300; i++) {
      calls.labelValues("m" + i).inc(i); // a body large enough for compression to show
    }
    other.inc(7);
    endpoint = MetricsEndpoint.start("127.0.0.1", 0, registry, new Routes());
  }

  @AfterEach
  void stop() {
    endpoint.close();
  }

  private HttpResponse<byte[]> get(String query, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics" + query));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void gzipWhenAcceptedWithTheSameTextAsUncompressed() throws Exception {
    HttpResponse<byte[]> plain = get("");
    assertEquals(200, plain.statusCode());
    assertFalse(plain.headers().firstValue("Content-Encoding").isPresent());
    String text = new String(plain.body(), StandardCharsets.UTF_8);
    assertTrue(text.contains("demo_calls_total{model=\"m299\"} 299.0"), text);
    assertEquals(
        String.valueOf(plain.body().length),
        plain.headers().firstValue("Content-Length").orElse(""));

    HttpResponse<byte[]> zipped = get("", "Accept-Encoding", "deflate, gzip;q=0.8");
    assertEquals(200, zipped.statusCode());
    assertEquals("gzip", zipped.headers().firstValue("Content-Encoding").orElse(""));
    assertEquals(text, gunzip(zipped.body()));
    assertTrue(
        zipped.body().length < text.length() / 3, zipped.body().length + " of " + text.length());
  }

  @Test
  void gzipRefusedWithQZeroIsNotUsed() throws Exception {
    HttpResponse<byte[]> response = get("", "Accept-Encoding", "gzip;q=0, identity");
    assertFalse(response.headers().firstValue("Content-Encoding").isPresent());
    assertTrue(
        new String(response.body(), StandardCharsets.UTF_8).contains("demo_other_total 7.0"));
  }

  @Test
  void openMetricsAndNameFilters() throws Exception {
    HttpResponse<byte[]> response =
        get(
            "?name[]=demo_other_total",
            "Accept",
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
            "Accept-Encoding",
            "gzip");
    assertTrue(
        response
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/openmetrics-text"));
    String text = gunzip(response.body());
    assertTrue(text.endsWith("# EOF\n"), text);
    assertTrue(text.contains("demo_other_total 7.0"), text);
    assertFalse(text.contains("demo_calls"), text);
  }

  @Test
  void protobufAndDebugAnsweredByClientJava() throws Exception {
    HttpResponse<byte[]> protobuf =
        get(
            "",
            "Accept",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                + "encoding=delimited");
    assertEquals(200, protobuf.statusCode());
    assertTrue(
        protobuf
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/vnd.google.protobuf"));
    String binary = new String(protobuf.body(), StandardCharsets.ISO_8859_1);
    assertTrue(binary.contains("demo_other"), binary);
    assertFalse(binary.contains("# TYPE"), binary);

    HttpResponse<byte[]> debug = get("?debug=openmetrics");
    assertEquals(200, debug.statusCode());
    String text = new String(debug.body(), StandardCharsets.UTF_8);
    assertTrue(text.contains("demo_other_total 7.0") && text.endsWith("# EOF\n"), text);
  }

  /** Exporter settings with a name filter, which only client_java's handler applies. */
  @Test
  void configuredNameFiltersLeaveTheScrapeToClientJava() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("kept_total").help("kept").register(registry).inc();
    Counter.builder().name("dropped_total").help("dropped").register(registry).inc();
    PrometheusProperties filtered =
        PrometheusProperties.builder()
            .defaultMetricsProperties(MetricsProperties.builder().build())
            .exemplarProperties(ExemplarsProperties.builder().build())
            .exporterProperties(ExporterProperties.builder().build())
            .exporterFilterProperties(
                ExporterFilterProperties.builder().excludedNames("dropped").build())
            .exporterHttpServerProperties(ExporterHttpServerProperties.builder().build())
            .build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/metrics", new ScrapeHandler(filtered, registry));
    server.start();
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertTrue(response.body().contains("kept_total 1.0"), response.body());
      assertFalse(response.body().contains("dropped"), response.body());
    } finally {
      server.stop(0);
    }
  }
}
