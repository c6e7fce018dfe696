package dev.modelwatch.testapps.plain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Two plain Java models behind one JDK HTTP server, so a config can switch between watching one and
 * the other while both take traffic: {@code POST /predict/linear} ({@link LinearWineModel}) and
 * {@code POST /predict/score} ({@link WineScoreModel}), one comma-separated row per line, one
 * prediction per line back (500 with the exception when the model throws). {@code GET /stats} gives
 * each model's predictions and the failed requests. Options: {@code --port N} (0 = free port),
 * {@code --threads N}. Prints {@code LISTENING <port>} once serving.
 */
public final class TwoPlainModelsServer {
  private final LinearWineModel linear = new LinearWineModel();
  private final WineScoreModel score = new WineScoreModel();
  private final AtomicLong linearPredictions = new AtomicLong();
  private final AtomicLong scorePredictions = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();

  public static void main(String[] args) throws IOException {
    int port = 0;
    int threads = 8;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port":
          port = Integer.parseInt(args[++i]);
          break;
        case "--threads":
          threads = Integer.parseInt(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    TwoPlainModelsServer app = new TwoPlainModelsServer();
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
    server.setExecutor(Executors.newFixedThreadPool(threads));
    server.createContext(
        "/predict/linear",
        exchange ->
            app.predict(
                exchange,
                row -> {
                  app.linearPredictions.incrementAndGet();
                  return app.linear.predict(row);
                }));
    server.createContext(
        "/predict/score",
        exchange ->
            app.predict(
                exchange,
                row -> {
                  app.scorePredictions.incrementAndGet();
                  return app.score.predict(row);
                }));
    server.createContext("/stats", app::stats);
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
    System.out.flush();
  }

  private void predict(HttpExchange exchange, Function<float[], Float> model) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      respond(exchange, 405, "use POST\n");
      return;
    }
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    try {
      for (String line : body.split("\n")) {
        if (!line.isBlank()) {
          out.append(model.apply(PlainModelServer.parse(line))).append('\n');
        }
      }
      respond(exchange, 200, out.toString());
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      respond(exchange, 500, e.getClass().getName() + ": " + e.getMessage() + "\n");
    }
  }

  private void stats(HttpExchange exchange) throws IOException {
    respond(
        exchange,
        200,
        "linear "
            + linearPredictions.get()
            + "\nscore "
            + scorePredictions.get()
            + "\nfailures "
            + failures.get()
            + "\n");
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
