package dev.modelwatch.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every path of the agent's port other than {@code /metrics} and {@code /-/healthy}, which
 * client_java's server handles: client_java hands all other requests to one default handler, and
 * this routes them by exact path (the drift page at {@code /}, {@code /api/models}, {@code
 * /feedback}). The server's authenticator applies to these routes too.
 */
public final class Routes implements HttpHandler {
  private final Map<String, HttpHandler> byPath = new ConcurrentHashMap<>();

  public Routes add(String path, HttpHandler handler) {
    byPath.put(path, handler);
    return this;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try {
      HttpHandler handler = byPath.get(exchange.getRequestURI().getPath());
      if (handler == null) {
        respond(exchange, 404, "text/plain; charset=utf-8", "not found; try /metrics\n");
      } else {
        handler.handle(exchange);
      }
    } finally {
      exchange.close();
    }
  }

  /** Writes a complete response. */
  public static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    if ("HEAD".equals(exchange.getRequestMethod())) {
      // the JDK's server logs a warning for a HEAD answered with a length; it wants the header
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
      exchange.sendResponseHeaders(status, -1);
      return;
    }
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
