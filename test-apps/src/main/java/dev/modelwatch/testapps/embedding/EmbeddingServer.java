package dev.modelwatch.testapps.embedding;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A text embedding server: LangChain4j's in-process {@code all-MiniLM-L6-v2} sentence embedding
 * model (384 dimensions, on ONNX Runtime). {@code POST /embed} with one text per line embeds each
 * with {@link Embedder#embed} and answers one line per text, the vector's values separated by
 * blanks ({@link Float#toString}). Prints {@code LISTENING <port>} once serving. Option: {@code
 * --port N} (0 = free port).
 */
public final class EmbeddingServer {
  private EmbeddingServer() {}

  /** The application's model call: one text in, LangChain4j's response out. */
  public static final class Embedder {
    private final AllMiniLmL6V2EmbeddingModel model = new AllMiniLmL6V2EmbeddingModel();

    public Response<Embedding> embed(String text) {
      return model.embed(text);
    }
  }

  public static void main(String[] args) throws Exception {
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[++i]);
      } else {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Embedder embedder = new Embedder();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/embed", exchange -> embed(embedder, exchange));
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
    System.out.flush();
  }

  private static void embed(Embedder embedder, HttpExchange exchange) throws IOException {
    try {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      StringBuilder answer = new StringBuilder();
      for (String text : body.split("\n")) {
        if (text.isEmpty()) {
          continue;
        }
        float[] vector = embedder.embed(text).content().vector();
        for (int i = 0; i < vector.length; i++) {
          if (i > 0) {
            answer.append(' ');
          }
          answer.append(vector[i]);
        }
        answer.append('\n');
      }
      respond(exchange, 200, answer.toString());
    } catch (RuntimeException e) {
      respond(exchange, 500, e.toString());
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
