package dev.modelwatch.testapps.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A page in the Prometheus text format (here: a Pushgateway's own {@code /metrics}) parsed into
 * series, each a name, its labels and a value. Written from the format's description, independently
 * of the agent and of client_java.
 */
final class Exposition {
  /** One sample line. */
  static final class Series {
    final String name;
    final TreeMap<String, String> labels;
    final double value;

    Series(String name, TreeMap<String, String> labels, double value) {
      this.name = name;
      this.labels = labels;
      this.value = value;
    }

    /** True if every label of {@code pairs} (name, value, name, value...) has that value here. */
    boolean has(String... pairs) {
      for (int i = 0; i < pairs.length; i += 2) {
        if (!pairs[i + 1].equals(labels.get(pairs[i]))) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return name + labels + " " + value;
    }
  }

  private final String text;
  private final List<Series> series = new ArrayList<>();

  Exposition(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      series.add(parse(line));
    }
  }

  String text() {
    return text;
  }

  /** The series named {@code name} whose labels include {@code pairs}. */
  List<Series> find(String name, String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException(
          "labels come in name/value pairs: " + Arrays.toString(pairs));
    }
    List<Series> out = new ArrayList<>();
    for (Series s : series) {
      if (s.name.equals(name) && s.has(pairs)) {
        out.add(s);
      }
    }
    return out;
  }

  /** The value of the one series named {@code name} whose labels include {@code pairs}. */
  double value(String name, String... pairs) {
    List<Series> found = find(name, pairs);
    if (found.size() != 1) {
      throw new AssertionError(
          found.size()
              + " series "
              + name
              + " with "
              + Arrays.toString(pairs)
              + " (expected 1): "
              + found
              + "\n"
              + text);
    }
    return found.get(0).value;
  }

  private static Series parse(String line) {
    int brace = line.indexOf('{');
    int space = line.lastIndexOf(' ');
    if (brace < 0 || brace > space) {
      return new Series(
          line.substring(0, line.indexOf(' ')), new TreeMap<>(), number(line.substring(space + 1)));
    }
    String name = line.substring(0, brace);
    TreeMap<String, String> labels = new TreeMap<>();
    int i = brace + 1;
    while (line.charAt(i) != '}') {
      int eq = line.indexOf('=', i);
      String label = line.substring(i, eq).trim();
      StringBuilder value = new StringBuilder();
      int j = eq + 2; // after ="
      while (line.charAt(j) != '"') {
        if (line.charAt(j) == '\\') {
          j++;
          char c = line.charAt(j);
          value.append(c == 'n' ? '\n' : c);
        } else {
          value.append(line.charAt(j));
        }
        j++;
      }
      labels.put(label, value.toString());
      i = j + 1;
      if (line.charAt(i) == ',') {
        i++;
      }
    }
    // a sample line may carry a timestamp after the value: take the first field after the labels
    String[] rest = line.substring(i + 1).trim().split("\\s+");
    return new Series(name, labels, number(rest[0]));
  }

  private static double number(String value) {
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

  /** Label pairs as a map, for messages. */
  static Map<String, String> pairs(String... pairs) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      out.put(pairs[i], pairs[i + 1]);
    }
    return out;
  }
}
