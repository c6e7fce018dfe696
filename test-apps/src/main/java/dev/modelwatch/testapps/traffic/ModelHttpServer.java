package dev.modelwatch.testapps.traffic;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP side shared by all test model servers.
 *
 * <ul>
 *   <li>{@code POST /predict[?model=NAME]}: body in {@link WireFormat}; 200 with one output line
 *       per row; 400 if the body cannot be given to the model; 500 with {@code ExceptionClass:
 *       message} if the model threw; 404 for an unknown model.
 *   <li>{@code GET /health}: 200 {@code ok}.
 *   <li>{@code GET /stats[?model=NAME]}: lines {@code calls N} (model invocations), {@code
 *       predictions N} (invocations that returned), {@code rows N} (rows in those), {@code errors
 *       N} (invocations that threw), {@code rejected N} (400 answers); totals over all models
 *       unless a model is named.
 * </ul>
 *
 * The server never stops because of a model: every Throwable from a model becomes a 500.
 */
public final class ModelHttpServer implements AutoCloseable {

  static {
    // the JDK server writes headers and body separately; without TCP_NODELAY every answer on a
    // kept-alive connection waits for the client's delayed ACK (~40 ms)
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final Map<String, RowPredictor> models;
  private final String defaultModel;
  private final Map<String, Stats> stats = new LinkedHashMap<>();
  private final Stats total = new Stats();
  private final HttpServer server;
  private final ExecutorService executor;

  /** A server on the loopback interface. */
  public ModelHttpServer(
      int port, int threads, Map<String, RowPredictor> models, String defaultModel)
      throws IOException {
    this("127.0.0.1", port, threads, models, defaultModel);
  }

  /**
   * @param host the address to bind ({@code 0.0.0.0} for all interfaces, e.g. in a container)
   * @param models the models by name, in display order
   * @param defaultModel the model used when a request names none
   */
  public ModelHttpServer(
      String host, int port, int threads, Map<String, RowPredictor> models, String defaultModel)
      throws IOException {
    if (!models.containsKey(defaultModel)) {
      throw new IllegalArgumentException(
          "default model '" + defaultModel + "' is not among the models " + models.keySet());
    }
    this.models = Collections.unmodifiableMap(new LinkedHashMap<>(models));
    this.defaultModel = defaultModel;
    for (String name : models.keySet()) {
      stats.put(name, new Stats());
    }
    // without TCP_NODELAY, small keep-alive responses wait ~40 ms for delayed ACKs
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress(host, port), 128);
    AtomicInteger n = new AtomicInteger();
    executor =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "model-http-" + n.incrementAndGet());
              t.setDaemon(false);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/predict", this::predict);
    server.createContext(
        "/health",
        ex -> {
          if (!"GET".equals(ex.getRequestMethod())) {
            respond(ex, 405, "use GET /health");
            return;
          }
          respond(ex, 200, "ok");
        });
    server.createContext("/stats", this::stats);
  }

  /** A server for one model on the loopback interface. */
  public static ModelHttpServer single(int port, int threads, String name, RowPredictor model)
      throws IOException {
    return new ModelHttpServer(port, threads, Collections.singletonMap(name, model), name);
  }

  /** A server for one model, bound as the command-line options say. */
  public static ModelHttpServer single(ServerOptions options, String name, RowPredictor model)
      throws IOException {
    return new ModelHttpServer(
        options.host(),
        options.port(),
        options.threads(),
        Collections.singletonMap(name, model),
        name);
  }

  /** Starts serving and returns the bound port. */
  public int start() {
    server.start();
    return port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Starts serving and prints the one line {@code LISTENING <port>} that launchers wait for. */
  public int startAndAnnounce(PrintStream out) {
    int port = start();
    out.println("LISTENING " + port);
    out.flush();
    return port;
  }

  private void predict(HttpExchange ex) throws IOException {
    try {
      if (!"POST".equals(ex.getRequestMethod())) {
        respond(ex, 405, "use POST /predict with one comma-separated row per line");
        return;
      }
      String name = queryParam(ex, "model");
      if (name == null) {
        name = defaultModel;
      }
      RowPredictor model = models.get(name);
      if (model == null) {
        respond(
            ex,
            404,
            "unknown model '" + name + "'; known models: " + String.join(",", models.keySet()));
        return;
      }
      Stats s = stats.get(name);
      String body = readBody(ex);
      List<String[]> rows;
      try {
        rows = WireFormat.parse(body);
      } catch (MalformedRequestException e) {
        s.rejected.incrementAndGet();
        total.rejected.incrementAndGet();
        respond(ex, 400, e.getMessage());
        return;
      }
      List<String> out;
      try {
        s.calls.incrementAndGet();
        total.calls.incrementAndGet();
        out = model.predict(rows);
      } catch (MalformedRequestException e) {
        // refused before the model ran: not a model call
        s.calls.decrementAndGet();
        total.calls.decrementAndGet();
        s.rejected.incrementAndGet();
        total.rejected.incrementAndGet();
        respond(ex, 400, e.getMessage());
        return;
      } catch (Throwable t) {
        s.errors.incrementAndGet();
        total.errors.incrementAndGet();
        respond(ex, 500, t.getClass().getName() + ": " + t.getMessage());
        return;
      }
      s.predictions.incrementAndGet();
      total.predictions.incrementAndGet();
      s.rows.addAndGet(rows.size());
      total.rows.addAndGet(rows.size());
      StringBuilder sb = new StringBuilder(out.size() * 12);
      for (String line : out) {
        sb.append(line).append('\n');
      }
      respond(ex, 200, sb.toString());
    } catch (RuntimeException e) {
      respond(ex, 500, e.getClass().getName() + ": " + e.getMessage());
    }
  }

  private void stats(HttpExchange ex) throws IOException {
    String name = queryParam(ex, "model");
    Stats s = total;
    if (name != null) {
      s = stats.get(name);
      if (s == null) {
        respond(
            ex,
            404,
            "unknown model '" + name + "'; known models: " + String.join(",", models.keySet()));
        return;
      }
    }
    respond(
        ex,
        200,
        "calls "
            + s.calls.get()
            + "\npredictions "
            + s.predictions.get()
            + "\nrows "
            + s.rows.get()
            + "\nerrors "
            + s.errors.get()
            + "\nrejected "
            + s.rejected.get()
            + "\n");
  }

  private static String queryParam(HttpExchange ex, String key) {
    String q = ex.getRequestURI().getRawQuery();
    if (q == null) {
      return null;
    }
    for (String kv : q.split("&")) {
      int eq = kv.indexOf('=');
      String k = eq < 0 ? kv : kv.substring(0, eq);
      if (k.equals(key)) {
        return eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static String readBody(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private static final class Stats {
    final AtomicLong calls = new AtomicLong();
    final AtomicLong predictions = new AtomicLong();
    final AtomicLong rows = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
  }
}
