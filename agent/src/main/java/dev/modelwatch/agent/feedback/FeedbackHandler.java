package dev.modelwatch.agent.feedback;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.modelwatch.agent.http.Routes;
import dev.modelwatch.agent.json.FlatJson;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /feedback}: labels as JSON lines, {@code {"model": "wine", "id": "r-17", "label":
 * 6}}. Every line is checked on its own: good lines are applied even when others are bad, and the
 * answer lists each bad line with its number and reason. 200 with a JSON summary when at least one
 * line was applied, 400 when none was, 413 above {@value #MAX_BODY_BYTES} bytes, 405 for other
 * methods. Served behind the endpoint's authentication like every route.
 */
public final class FeedbackHandler implements HttpHandler {
  public static final String PATH = "/feedback";
  static final int MAX_BODY_BYTES = 1 << 20;

  /**
   * Oversized bodies up to this size are read and dropped before the 413, so the client sees it.
   */
  static final long DISCARD_LIMIT_BYTES = 16L << 20;

  static final int MAX_ERRORS_LISTED = 100;
  private static final String JSON = "application/json; charset=utf-8";

  private final Map<String, ModelFeedback> models = new LinkedHashMap<>();

  public FeedbackHandler(List<ModelFeedback> feedback) {
    for (ModelFeedback model : feedback) {
      models.put(model.model(), model);
    }
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    if (!"POST".equals(exchange.getRequestMethod())) {
      exchange.getResponseHeaders().set("Allow", "POST");
      Routes.respond(
          exchange, 405, JSON, error("use POST " + PATH + " with one JSON object per line"));
      return;
    }
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && tooLong(length)) {
      // read (and discard) a moderately larger body first: a client still sending when the answer
      // comes would otherwise see a reset instead of the 413
      discard(exchange.getRequestBody(), DISCARD_LIMIT_BYTES);
      exchange.getResponseHeaders().set("Connection", "close");
      Routes.respond(exchange, 413, JSON, tooLarge());
      return;
    }
    byte[] body = readAtMost(exchange.getRequestBody(), MAX_BODY_BYTES + 1);
    if (body.length > MAX_BODY_BYTES) {
      Routes.respond(exchange, 413, JSON, tooLarge());
      return;
    }
    Summary summary = apply(new String(body, StandardCharsets.UTF_8));
    Routes.respond(exchange, summary.applied > 0 ? 200 : 400, JSON, summary.toJson());
  }

  private static void discard(InputStream in, long limit) throws IOException {
    byte[] buffer = new byte[8192];
    long read = 0;
    int n;
    while (read < limit && (n = in.read(buffer)) > 0) {
      read += n;
    }
  }

  /** Applies every valid line of a body; public to the package for tests without HTTP. */
  Summary apply(String body) {
    Summary summary = new Summary();
    String[] lines = body.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.trim().isEmpty()) {
        continue;
      }
      summary.lines++;
      try {
        if (applyLine(line)) {
          summary.matched++;
        } else {
          summary.unmatched++;
        }
        summary.applied++;
      } catch (IllegalArgumentException e) {
        summary.reject(i + 1, e.getMessage());
      }
    }
    if (summary.lines == 0) {
      summary.reject(
          0,
          "the body has no lines; send one JSON object per line: {\"model\": \"...\", \"id\": \"...\","
              + " \"label\": ...}");
    }
    return summary;
  }

  private boolean applyLine(String line) {
    Map<String, Object> object = FlatJson.parse(line);
    for (String key : object.keySet()) {
      if (!key.equals("model") && !key.equals("id") && !key.equals("label")) {
        throw new IllegalArgumentException(
            "unknown key \""
                + FeatureHash.abbreviate(key)
                + "\"; a line has exactly"
                + " model, id and label");
      }
    }
    Object name = required(object, "model");
    if (!(name instanceof String)) {
      throw new IllegalArgumentException("\"model\" must be a string, found " + describe(name));
    }
    ModelFeedback model = models.get(name);
    if (model == null) {
      throw new IllegalArgumentException(
          "no model named \""
              + FeatureHash.abbreviate((String) name)
              + "\" takes"
              + " feedback"
              + (models.isEmpty()
                  ? "; give a model prediction_id in the config"
                  : "; models with prediction_id: " + String.join(", ", models.keySet())));
    }
    Object id = required(object, "id");
    if (!(id instanceof String || id instanceof FlatJson.Number)) {
      throw new IllegalArgumentException(
          "\"id\" must be a string or a number, found " + describe(id));
    }
    long key = model.keyOf(id.toString());
    Object label = required(object, "label");
    double number = Double.NaN;
    String text = null;
    if (model.classification()) {
      if (label instanceof FlatJson.Number) {
        text = Labels.wholeOrText(((FlatJson.Number) label).value, label.toString());
      } else if (label instanceof String && !((String) label).isEmpty()) {
        text = (String) label;
      } else {
        throw new IllegalArgumentException(
            "model \""
                + model.model()
                + "\" is a classifier: \"label\" must be a"
                + " class as a non-empty string or a number, found "
                + describe(label));
      }
    } else {
      if (!(label instanceof FlatJson.Number)) {
        throw new IllegalArgumentException(
            "model \""
                + model.model()
                + "\" is a regression model: \"label\" must be"
                + " a number, found "
                + describe(label));
      }
      number = ((FlatJson.Number) label).value;
      if (Double.isInfinite(number)) {
        throw new IllegalArgumentException("\"label\" " + label + " is too large for a double");
      }
    }
    return model.label(key, number, text);
  }

  private static Object required(Map<String, Object> object, String key) {
    Object value = object.get(key);
    if (value == null) {
      throw new IllegalArgumentException(
          "\"" + key + "\" is missing; a line has model, id and label");
    }
    return value;
  }

  private static String describe(Object value) {
    if (value instanceof String) {
      return "the string \"" + FeatureHash.abbreviate((String) value) + "\"";
    }
    if (value instanceof Boolean) {
      return value.toString();
    }
    if (value == FlatJson.NULL) {
      return "null";
    }
    return "the number " + value;
  }

  private static boolean tooLong(String contentLength) {
    try {
      return Long.parseLong(contentLength.trim()) > MAX_BODY_BYTES;
    } catch (NumberFormatException e) {
      return false; // the read below enforces the limit anyway
    }
  }

  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while (out.size() < limit
        && (n = in.read(buffer, 0, Math.min(buffer.length, limit - out.size()))) > 0) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static String tooLarge() {
    return error(
        "the body is larger than "
            + MAX_BODY_BYTES
            + " bytes (1 MiB); send the labels in smaller requests");
  }

  private static String error(String message) {
    return "{\"error\":" + quote(message) + "}\n";
  }

  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"').toString();
  }

  /** The answer to one request. */
  static final class Summary {
    int lines;
    int applied;
    int matched;
    int unmatched;
    int rejected;
    final List<String> errors = new ArrayList<>();

    void reject(int line, String reason) {
      if (line > 0) {
        rejected++;
      }
      if (errors.size() < MAX_ERRORS_LISTED) {
        errors.add("{\"line\":" + line + ",\"error\":" + quote(reason) + "}");
      }
    }

    String toJson() {
      return "{\"lines\":"
          + lines
          + ",\"applied\":"
          + applied
          + ",\"matched\":"
          + matched
          + ",\"unmatched\":"
          + unmatched
          + ",\"rejected\":"
          + rejected
          + ",\"errors\":["
          + String.join(",", errors)
          + "]"
          + (rejected > errors.size() ? ",\"errors_not_listed\":" + (rejected - errors.size()) : "")
          + "}\n";
    }
  }
}
