package dev.modelwatch.testapps.plain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small real model server: the JDK's HTTP server in front of {@link LinearWineModel}.
 *
 * <p>{@code POST /predict}: one row per line, comma-separated values; answers one prediction per
 * line, or 500 with the exception when the model throws. {@code POST /outcome}: one {@code
 * id,quality} per line, each handed to {@link OutcomeLog#record} (ground truth reported by the
 * application). {@code GET /health}, {@code GET /stats}. Options: {@code --port N} (0 = free port),
 * {@code --isolated-loader} (load the model class with a class loader that does not delegate to the
 * system class loader), {@code --threads N}, {@code --model
 * linear|wine-score|wine-class|wine-class-probabilities} ({@link LinearWineModel}, the default,
 * {@link WineScoreModel}, the classifier {@link WineClassModel}, or {@link
 * WineClassProbabilityModel}, whose answer is its three class probabilities, comma-separated).
 * Prints {@code LISTENING <port>} once serving.
 */
public final class PlainModelServer {
  private final Object model;
  private final Method predict;
  private final AtomicLong predictions = new AtomicLong();
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final OutcomeLog outcomes = new OutcomeLog();

  PlainModelServer(boolean isolatedLoader) throws ReflectiveOperationException {
    this(isolatedLoader, LinearWineModel.class);
  }

  PlainModelServer(boolean isolatedLoader, Class<?> model) throws ReflectiveOperationException {
    Class<?> modelClass;
    if (isolatedLoader) {
      URL codeSource = model.getProtectionDomain().getCodeSource().getLocation();
      // parent null: only the bootstrap loader is asked, never the system class loader
      ClassLoader isolated = new URLClassLoader(new URL[] {codeSource}, null);
      modelClass = Class.forName(model.getName(), true, isolated);
      if (modelClass.getClassLoader() != isolated) {
        throw new IllegalStateException("model class was not loaded by the isolated loader");
      }
    } else {
      modelClass = model;
    }
    this.model = modelClass.getConstructor().newInstance();
    this.predict = modelClass.getMethod("predict", float[].class);
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    int threads = 8;
    boolean isolated = false;
    Class<?> model = LinearWineModel.class;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--port":
          port = Integer.parseInt(args[++i]);
          break;
        case "--threads":
          threads = Integer.parseInt(args[++i]);
          break;
        case "--isolated-loader":
          isolated = true;
          break;
        case "--model":
          String name = args[++i];
          switch (name) {
            case "linear":
              model = LinearWineModel.class;
              break;
            case "wine-score":
              model = WineScoreModel.class;
              break;
            case "wine-class":
              model = WineClassModel.class;
              break;
            case "wine-class-probabilities":
              model = WineClassProbabilityModel.class;
              break;
            default:
              throw new IllegalArgumentException(
                  "--model must be linear, wine-score, wine-class or wine-class-probabilities, got '"
                      + name
                      + "'");
          }
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    PlainModelServer app = new PlainModelServer(isolated, model);
    // without TCP_NODELAY, small keep-alive responses wait ~40 ms for delayed ACKs
    System.setProperty("sun.net.httpserver.nodelay", "true");
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
    server.setExecutor(Executors.newFixedThreadPool(threads));
    server.createContext("/predict", app::handlePredict);
    server.createContext("/outcome", app::handleOutcome);
    server.createContext("/health", exchange -> respond(exchange, 200, "ok\n"));
    server.createContext("/stats", app::handleStats);
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
    System.out.flush();
  }

  private void handlePredict(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      respond(exchange, 405, "use POST\n");
      return;
    }
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    try {
      for (String line : body.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        rows.incrementAndGet();
        out.append(format(predict(parse(line)))).append('\n');
      }
      respond(exchange, 200, out.toString());
    } catch (RuntimeException e) {
      errors.incrementAndGet();
      respond(exchange, 500, e.getClass().getName() + ": " + e.getMessage() + "\n");
    }
  }

  private void handleOutcome(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      respond(exchange, 405, "use POST with one id,quality per line\n");
      return;
    }
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    int recorded = 0;
    try {
      for (String line : body.split("\n")) {
        if (line.isBlank()) {
          continue;
        }
        int comma = line.lastIndexOf(',');
        outcomes.record(
            line.substring(0, comma).trim(), Double.parseDouble(line.substring(comma + 1).trim()));
        recorded++;
      }
      respond(exchange, 200, "recorded " + recorded + "\n");
    } catch (RuntimeException e) {
      respond(exchange, 400, e.getClass().getName() + ": " + e.getMessage() + "\n");
    }
  }

  private Object predict(float[] row) {
    predictions.incrementAndGet();
    try {
      return predict.invoke(model, (Object) row);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw cause instanceof RuntimeException
          ? (RuntimeException) cause
          : new IllegalStateException(cause);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A prediction as text: an array of scores comma-separated, anything else as its {@code
   * toString()}.
   */
  private static String format(Object prediction) {
    if (prediction instanceof double[]) {
      StringBuilder text = new StringBuilder();
      for (double score : (double[]) prediction) {
        text.append(text.length() == 0 ? "" : ",").append(score);
      }
      return text.toString();
    }
    return String.valueOf(prediction);
  }

  static float[] parse(String line) {
    String[] fields = line.split(",", -1);
    float[] row = new float[fields.length];
    for (int i = 0; i < fields.length; i++) {
      String field = fields[i].trim();
      row[i] = field.isEmpty() ? Float.NaN : Float.parseFloat(field);
    }
    return row;
  }

  private void handleStats(HttpExchange exchange) throws IOException {
    respond(
        exchange,
        200,
        "predictions "
            + predictions.get()
            + "\nrows "
            + rows.get()
            + "\nerrors "
            + errors.get()
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
