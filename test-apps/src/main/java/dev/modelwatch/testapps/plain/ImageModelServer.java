package dev.modelwatch.testapps.plain;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * A model server whose model takes what a plain-method intercept cannot read by index: an image as
 * {@code float[height][width][channels]}, and returns an object of its own ({@link Scores}) rather
 * than a class label. {@code GET /classify?brightness=B} builds a 4x3x2 image of that brightness,
 * classifies it with {@link Vision#classify} and answers {@code label=... brightness=...}. Prints
 * {@code LISTENING <port>} once serving. Option: {@code --port N} (0 = free port).
 */
public final class ImageModelServer {
  private ImageModelServer() {}

  /** The model: the label of an image, from its mean brightness. */
  public static final class Vision {
    public Scores classify(float[][][] image) {
      double sum = 0;
      int count = 0;
      for (float[][] row : image) {
        for (float[] pixel : row) {
          for (float channel : pixel) {
            sum += channel;
            count++;
          }
        }
      }
      double brightness = count == 0 ? 0 : sum / count;
      return new Scores(brightness >= 0.5 ? "day" : "night", brightness);
    }
  }

  /** What {@link Vision#classify} returns: a label and a score, behind getters. */
  public static final class Scores {
    private final String label;
    private final double brightness;

    Scores(String label, double brightness) {
      this.label = label;
      this.brightness = brightness;
    }

    public String getLabel() {
      return label;
    }

    public double getBrightness() {
      return brightness;
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
    Vision model = new Vision();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext("/classify", exchange -> classify(model, exchange));
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
    System.out.flush();
  }

  private static void classify(Vision model, HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    try {
      float brightness = Float.parseFloat(query.substring(query.indexOf('=') + 1));
      float[][][] image = new float[4][3][2];
      for (float[][] row : image) {
        for (float[] pixel : row) {
          java.util.Arrays.fill(pixel, brightness);
        }
      }
      Scores scores = model.classify(image);
      respond(
          exchange,
          200,
          "label=" + scores.getLabel() + " brightness=" + scores.getBrightness() + "\n");
    } catch (RuntimeException e) {
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
