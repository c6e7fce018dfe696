package dev.modelwatch.testapps.text;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.modelwatch.testapps.djl.WineTranslators;
import dev.modelwatch.testapps.traffic.ServerOptions;
import dev.modelwatch.testapps.tribuo.WineModels;
import dev.modelwatch.testapps.tribuo.WineOnnxExport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A server of models that take text, in the three forms a text reaches a model: a plain Java method
 * ({@link Sentiment}: a {@code String}, a {@code List<String>} batch, an object with a getter), an
 * ONNX Runtime session fed a string tensor ({@link StringModels#identity}), and a DJL {@code
 * Predictor<String, Float>}. The request body is UTF-8 text, one text per line for batches:
 *
 * <ul>
 *   <li>{@code POST /plain}: the body is one text for {@link Sentiment#classify};
 *   <li>{@code POST /plain-batch}: its lines for {@link Sentiment#classifyAll};
 *   <li>{@code POST /review}: the body as a {@link Review} for {@link Sentiment#classifyReview};
 *   <li>{@code POST /onnx}: its lines as a string tensor of shape [N] for {@code text.onnx};
 *   <li>{@code POST /djl}: its lines through the DJL predictor of model {@code reviews}, one {@code
 *       predict} for one line, {@code batchPredict} for more.
 * </ul>
 *
 * Prints {@code LISTENING <port>} once serving. Options: {@code --port N}, {@code --model-dir DIR}
 * (where the ONNX models are written).
 */
public final class TextModelServer {
  private TextModelServer() {}

  /**
   * The plain model: a label from the words of a text. Its methods do not call each other, so each
   * call is one call of one method.
   */
  public static final class Sentiment {
    public String classify(String text) {
      return label(text);
    }

    public List<String> classifyAll(List<String> texts) {
      List<String> labels = new ArrayList<>(texts.size());
      for (String text : texts) {
        labels.add(label(text));
      }
      return labels;
    }

    public String classifyReview(Review review) {
      return label(review.getBody());
    }

    private static String label(String text) {
      return text.contains("good") ? "positive" : "negative";
    }
  }

  /** A request object whose text is behind a getter. */
  public static final class Review {
    private final String body;

    Review(String body) {
      this.body = body;
    }

    public String getBody() {
      return body;
    }
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    Path modelDir = Path.of("target", "text-models");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--model-dir")) {
        modelDir = Path.of(args[++i]);
      } else {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Files.createDirectories(modelDir);
    ServerOptions.offlineDefaults();
    Sentiment sentiment = new Sentiment();
    Path wine = WineOnnxExport.exportIfAbsent(modelDir, WineModels.Task.REGRESSION);
    Path djlDir = Files.createDirectories(modelDir.resolve("djl").resolve("reviews"));
    Files.copy(
        wine, djlDir.resolve("reviews.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    ZooModel<String, Float> reviews =
        Criteria.builder()
            .setTypes(String.class, Float.class)
            .optModelPath(djlDir)
            .optModelName("reviews")
            .optEngine("OnnxRuntime")
            .optTranslator(WineTranslators.regression(TextModelServer::row))
            .build()
            .loadModel();
    // after DJL, whose engine creates the process's one environment with options of its own
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Path textModel = StringModels.identity(modelDir.resolve("text.onnx"));
    OrtSession session = env.createSession(textModel.toString(), new OrtSession.SessionOptions());

    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/plain", exchange -> handle(exchange, body -> sentiment.classify(body)));
    server.createContext(
        "/plain-batch",
        exchange -> handle(exchange, body -> sentiment.classifyAll(lines(body)).toString()));
    server.createContext(
        "/review",
        exchange -> handle(exchange, body -> sentiment.classifyReview(new Review(body))));
    server.createContext(
        "/onnx",
        exchange ->
            handle(
                exchange,
                body -> {
                  String[] texts = lines(body).toArray(new String[0]);
                  try (OnnxTensor tensor = OnnxTensor.createTensor(env, texts);
                      OrtSession.Result result = session.run(Map.of("text", tensor))) {
                    return Arrays.toString((String[]) result.get(0).getValue());
                  }
                }));
    server.createContext(
        "/djl",
        exchange ->
            handle(
                exchange,
                body -> {
                  List<String> texts = lines(body);
                  try (Predictor<String, Float> predictor = reviews.newPredictor()) {
                    return texts.size() == 1
                        ? String.valueOf(predictor.predict(texts.get(0)))
                        : predictor.batchPredict(texts).toString();
                  }
                }));
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
    System.out.flush();
  }

  /** Maps a text to a wine row (its length and word count in the first two columns). */
  static float[] row(String text) {
    float[] row = new float[12];
    row[0] = text.length();
    row[1] = text.split("\\s+").length;
    return row;
  }

  private interface Model {
    String answer(String body) throws Exception;
  }

  private static List<String> lines(String body) {
    return Arrays.asList(body.split("\n", -1));
  }

  private static void handle(HttpExchange exchange, Model model) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    try {
      respond(exchange, 200, model.answer(body) + "\n");
    } catch (Exception e) {
      respond(exchange, 500, e + "\n");
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
