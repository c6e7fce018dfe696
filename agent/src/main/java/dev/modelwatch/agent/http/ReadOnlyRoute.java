package dev.modelwatch.agent.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A route that only serves {@code GET} and {@code HEAD}; any other method gets 405 with an {@code
 * Allow} header and nothing of the route (client_java's handlers answer every method alike). A
 * {@code HEAD} is answered as the JDK's server wants it, with the length passed as a header and the
 * body dropped: handlers that pass the length to {@code sendResponseHeaders} make the server log a
 * warning per request through the JDK's logging.
 */
final class ReadOnlyRoute implements HttpHandler {
  static final String ALLOWED = "GET, HEAD";

  private final HttpHandler handler;

  ReadOnlyRoute(HttpHandler handler) {
    this.handler = handler;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String method = exchange.getRequestMethod();
    if ("GET".equals(method)) {
      handler.handle(exchange);
      return;
    }
    if ("HEAD".equals(method)) {
      try {
        handler.handle(new Head(exchange));
      } finally {
        exchange.close();
      }
      return;
    }
    try {
      exchange.getResponseHeaders().set("Allow", ALLOWED);
      Routes.respond(
          exchange,
          405,
          "text/plain; charset=utf-8",
          "only GET and HEAD are served on " + exchange.getRequestURI().getPath() + "\n");
    } finally {
      exchange.close();
    }
  }

  /** The exchange of a {@code HEAD}, shown to a handler written for {@code GET}. */
  private static final class Head extends HttpExchange {
    private static final OutputStream DISCARD =
        new OutputStream() {
          @Override
          public void write(int b) {}

          @Override
          public void write(byte[] b, int off, int len) {}
        };

    private final HttpExchange exchange;

    Head(HttpExchange exchange) {
      this.exchange = exchange;
    }

    @Override
    public void sendResponseHeaders(int status, long length) throws IOException {
      if (length > 0) {
        exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
      }
      exchange.sendResponseHeaders(status, -1);
    }

    @Override
    public OutputStream getResponseBody() {
      return DISCARD;
    }

    @Override
    public Headers getRequestHeaders() {
      return exchange.getRequestHeaders();
    }

    @Override
    public Headers getResponseHeaders() {
      return exchange.getResponseHeaders();
    }

    @Override
    public URI getRequestURI() {
      return exchange.getRequestURI();
    }

    @Override
    public String getRequestMethod() {
      return exchange.getRequestMethod();
    }

    @Override
    public HttpContext getHttpContext() {
      return exchange.getHttpContext();
    }

    @Override
    public void close() {
      exchange.close();
    }

    @Override
    public InputStream getRequestBody() {
      return exchange.getRequestBody();
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
      return exchange.getRemoteAddress();
    }

    @Override
    public int getResponseCode() {
      return exchange.getResponseCode();
    }

    @Override
    public InetSocketAddress getLocalAddress() {
      return exchange.getLocalAddress();
    }

    @Override
    public String getProtocol() {
      return exchange.getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
      return exchange.getAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
      exchange.setAttribute(name, value);
    }

    @Override
    public void setStreams(InputStream in, OutputStream out) {
      exchange.setStreams(in, out);
    }

    @Override
    public HttpPrincipal getPrincipal() {
      return exchange.getPrincipal();
    }
  }
}
