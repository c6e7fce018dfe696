package dev.modelwatch.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.modelwatch.agent.AgentLog;
import io.prometheus.metrics.config.PrometheusProperties;
import io.prometheus.metrics.exporter.common.PrometheusHttpExchange;
import io.prometheus.metrics.exporter.common.PrometheusHttpRequest;
import io.prometheus.metrics.exporter.common.PrometheusHttpResponse;
import io.prometheus.metrics.exporter.common.PrometheusScrapeHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * {@code /metrics}: client_java's scrape handler (content negotiation, both text formats, {@code
 * name[]} filters), with the compression done here at the fastest level. client_java compresses at
 * zlib's default level, which for 30 models x 50 features (2.6 MB of text) cost about 22 ms of CPU
 * on top of the 20 ms of writing the text; the fastest level costs about 7 ms for a body about a
 * quarter larger (about 200 KB instead of 160 KB). Prometheus asks for gzip on every scrape.
 *
 * <p>The handler is shown a request without {@code Accept-Encoding}, so it renders the text
 * uncompressed (into its own buffer, which it then writes whole); a client that accepted gzip gets
 * that body compressed, chunked, without the {@code Content-Length} the handler set.
 */
final class ScrapeHandler implements HttpHandler {
  private static final String ACCEPT_ENCODING = "Accept-Encoding";

  private final PrometheusScrapeHandler scrapes;

  ScrapeHandler(PrometheusProperties properties, PrometheusRegistry registry) {
    this.scrapes = new PrometheusScrapeHandler(properties, registry);
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    scrapes.handleRequest(new Exchange(exchange));
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
