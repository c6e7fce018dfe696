package dev.modelwatch.testapps.agent;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One scrape of an agent's {@code /metrics} in the Prometheus text format, parsed into series (name
 * plus sorted labels) and values. Written independently of the agent, from the format spec.
 */
public final class Scrape {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private final String text;
  private final Map<String, Double> series = new LinkedHashMap<>();

  Scrape(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int split = line.lastIndexOf(' ');
      String key = line.substring(0, split);
      series.put(canonical(key), parseValue(line.substring(split + 1)));
    }
  }

  public static Scrape of(int port) throws IOException, InterruptedException {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new AssertionError("scrape returned " + response.statusCode() + ": " + response.body());
    }
    return new Scrape(response.body());
  }

  public String text() {
    return text;
  }

  /** The value of one series, e.g. {@code value("model_predictions_total", "model", "wine")}. */
  public double value(String name, String... labels) {
    String key = key(name, labels);
    Double value = series.get(key);
    if (value == null) {
      throw new AssertionError("no series " + key + " in scrape:\n" + text);
    }
    return value;
  }

  public boolean has(String name, String... labels) {
    return series.containsKey(key(name, labels));
  }

  /** True if any series of this metric name is present. */
  public boolean hasMetric(String name) {
    return series.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "{"));
  }

  private static String key(String name, String... labels) {
    if (labels.length % 2 != 0) {
      throw new IllegalArgumentException(
          "labels come in name/value pairs: " + Arrays.toString(labels));
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      sorted.put(labels[i], labels[i + 1]);
    }
    return render(name, sorted);
  }

  private static String canonical(String key) {
    int brace = key.indexOf('{');
    if (brace < 0) {
      return key;
    }
    String name = key.substring(0, brace);
    String body = key.substring(brace + 1, key.lastIndexOf('}'));
    TreeMap<String, String> labels = new TreeMap<>();
    int i = 0;
    while (i < body.length()) {
      int eq = body.indexOf('=', i);
      String label = body.substring(i, eq).trim();
      int start = eq + 2; // skip ="
      StringBuilder value = new StringBuilder();
      int j = start;
      while (body.charAt(j) != '"') {
        if (body.charAt(j) == '\\') {
          j++;
        }
        value.append(body.charAt(j));
        j++;
      }
      labels.put(label, value.toString());
      i = j + 1;
      if (i < body.length() && body.charAt(i) == ',') {
        i++;
      }
    }
    return render(name, labels);
  }

  private static String render(String name, TreeMap<String, String> labels) {
    if (labels.isEmpty()) {
      return name;
    }
    StringBuilder out = new StringBuilder(name).append('{');
    labels.forEach((k, v) -> out.append(k).append("=\"").append(v).append("\","));
    out.setLength(out.length() - 1);
    return out.append('}').toString();
  }

  private static double parseValue(String value) {
    switch (value) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        return Double.parseDouble(value);
    }
  }
}
