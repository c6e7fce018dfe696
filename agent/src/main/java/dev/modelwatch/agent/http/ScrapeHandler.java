package dev.modelwatch.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.modelwatch.agent.AgentLog;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.ExporterFilterProperties;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code /metrics}: the text formats written by {@link TextExposition} (client_java's bytes,
 * without its per-write locks), client_java's content negotiation, {@code name[]} filters and
 * escaping schemes, and compression done here at the fastest level. Protobuf and {@code ?debug=}
 * requests go to client_java's own scrape handler. client_java compresses at zlib's default level,
 * which for 30 models x 50 features (2.6 MB of text) cost about 22 ms of CPU; the fastest level
 * costs about 7 ms for a body about a quarter larger (about 200 KB instead of 160 KB). Prometheus
 * asks for gzip on every scrape.
 *
 * <p>The body is rendered uncompressed in full ({@link ExpositionBytes}), then written; a client
 * that accepted gzip gets it compressed, chunked, without a {@code Content-Length}.
 */
final class ScrapeHandler implements HttpHandler {
  private static final String ACCEPT_ENCODING = "Accept-Encoding";

  private final PrometheusRegistry registry;
  private final ExpositionFormats formats;
  private final TextExposition text;
  private final TextExposition openMetrics;
  private final PrometheusScrapeHandler others;

  ScrapeHandler(PrometheusProperties properties, PrometheusRegistry registry) {
    this.registry = registry;
    this.formats = ExpositionFormats.init(properties.getExporterProperties());
    // exporter settings this handler does not apply itself leave every request to client_java's
    boolean own = !filtered(properties.getExporterFilterProperties());
    this.text =
        own
            ? TextExposition.of(
                formats.getPrometheusTextFormatWriter(), properties.getExporterProperties())
            : null;
    this.openMetrics =
        own
            ? TextExposition.of(
                formats.getOpenMetricsTextFormatWriter(), properties.getExporterProperties())
            : null;
    this.others = new PrometheusScrapeHandler(properties, registry);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    Exchange request = new Exchange(exchange);
    boolean handedOver = false;
    try {
      String accept = request.getHeader("Accept");
      ExpositionFormatWriter writer = formats.findWriter(accept);
      TextExposition own =
          writer == formats.getOpenMetricsTextFormatWriter()
              ? openMetrics
              : writer == formats.getPrometheusTextFormatWriter() ? text : null;
      if (own == null || request.getParameter("debug") != null) {
        handedOver = true;
        others.handleRequest(request); // closes the exchange itself
        return;
      }
      MetricSnapshots snapshots = scrape(request);
      ExpositionBytes body = new ExpositionBytes();
      own.write(body, snapshots, EscapingScheme.fromAcceptHeader(accept));
      request.setHeader("Content-Type", writer.getContentType());
      long size = body.size();
      int length = size > Integer.MAX_VALUE ? 0 : (int) size; // 0: chunked
      if (length > 0) {
        request.setHeader("Content-Length", String.valueOf(length));
      }
      if ("HEAD".equals(request.getMethod())) {
        request.sendHeadersAndGetBody(200, -1);
      } else {
        try (OutputStream out = request.sendHeadersAndGetBody(200, length)) {
          body.writeTo(out);
        }
      }
    } catch (IOException e) {
      request.handleException(e);
    } catch (RuntimeException e) {
      request.handleException(e);
    } finally {
      if (!handedOver) {
        request.close();
      }
    }
  }

  /** As client_java's handler: only the metrics the {@code name[]} parameters name, if any. */
  private MetricSnapshots scrape(Exchange request) {
    String[] names = request.getParameterValues("name[]");
    return names == null || names.length == 0
        ? registry.scrape(request)
        : registry.scrape(MetricNameFilter.builder().nameMustBeEqualTo(names).build(), request);
  }

  /** Metric names allowed or excluded by the exporter settings (the agent's own set none). */
  private static boolean filtered(ExporterFilterProperties properties) {
    return properties.getAllowedMetricNames() != null
        || properties.getExcludedMetricNames() != null
        || properties.getAllowedMetricNamePrefixes() != null
        || properties.getExcludedMetricNamePrefixes() != null;
  }

  static boolean acceptsGzip(HttpExchange exchange) {
    List<String> values = exchange.getRequestHeaders().get(ACCEPT_ENCODING);
    if (values == null) {
      return false;
    }
    for (String value : values) {
      for (String coding : value.split(",")) {
        String[] parts = coding.trim().split(";");
        if (parts[0].trim().equalsIgnoreCase("gzip") && !refused(parts)) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@code gzip;q=0} refuses gzip. */
  private static boolean refused(String[] parameters) {
    for (int i = 1; i < parameters.length; i++) {
      String p = parameters[i].trim().replace(" ", "");
      if (p.startsWith("q=") && p.substring(2).matches("0(\\.0*)?")) {
        return true;
      }
    }
    return false;
  }

  private static final class Exchange
      implements PrometheusHttpExchange, PrometheusHttpRequest, PrometheusHttpResponse {
    private final HttpExchange exchange;
    private final boolean gzip;
    private OutputStream body;
    private boolean sent;

    Exchange(HttpExchange exchange) {
      this.exchange = exchange;
      this.gzip = acceptsGzip(exchange) && !"HEAD".equals(exchange.getRequestMethod());
    }

    @Override
    public PrometheusHttpRequest getRequest() {
      return this;
    }

    @Override
    public PrometheusHttpResponse getResponse() {
      return this;
    }

    @Override
    public String getQueryString() {
      return exchange.getRequestURI().getRawQuery();
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      List<String> values = exchange.getRequestHeaders().get(name);
      if (values == null || name.equalsIgnoreCase(ACCEPT_ENCODING)) {
        return Collections.emptyEnumeration();
      }
      return Collections.enumeration(values);
    }

    @Override
    public String getMethod() {
      return exchange.getRequestMethod();
    }

    @Override
    public String getRequestPath() {
      return exchange.getRequestURI().getPath();
    }

    @Override
    public void setHeader(String name, String value) {
      if (gzip && name.equalsIgnoreCase("Content-Length")) {
        return; // the compressed body goes chunked
      }
      exchange.getResponseHeaders().set(name, value);
    }

    @Override
    public OutputStream sendHeadersAndGetBody(int statusCode, int contentLength)
        throws IOException {
      sent = true;
      if (!gzip || contentLength < 0) {
        exchange.sendResponseHeaders(statusCode, contentLength);
        body = exchange.getResponseBody();
        return body;
      }
      exchange.getResponseHeaders().set("Content-Encoding", "gzip");
      exchange.sendResponseHeaders(statusCode, 0);
      body =
          new GZIPOutputStream(exchange.getResponseBody(), BoundedWrites.PIECE) {
            {
              def.setLevel(Deflater.BEST_SPEED);
            }
          };
      return body;
    }

    @Override
    public void handleException(IOException e) throws IOException {
      throw e; // the client went away; the server closes the exchange
    }

    @Override
    public void handleException(RuntimeException e) {
      AgentLog.warnRateLimited(
          "scrape",
          "a scrape of /metrics failed ("
              + e.getClass().getName()
              + "); the next scrape is tried afresh",
          e);
      if (!sent) {
        byte[] text =
            ("scrape failed: " + e.getClass().getName() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
          exchange.sendResponseHeaders(500, text.length);
          exchange.getResponseBody().write(text);
        } catch (IOException ignored) {
          // the client is gone
        }
      }
    }

    @Override
    public void close() {
      try {
        if (body != null) {
          body.close(); // finishes the gzip stream; closing twice is harmless
        }
      } catch (IOException ignored) {
        // the client is gone
      } finally {
        exchange.close();
      }
    }
  }
}
