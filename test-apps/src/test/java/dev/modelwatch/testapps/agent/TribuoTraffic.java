package dev.modelwatch.testapps.agent;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a monitor of the Tribuo server must report, worked out from the requests sent and the
 * server's answers alone: a request the model saw (200 or 500) is one call of as many rows as
 * lines; the server leaves empty and absent fields out of the example (missing), NaN makes Tribuo
 * throw (the value still counts as missing); answers give the outputs.
 */
final class TribuoTraffic {
  /** Trained once, shared by the Tribuo test classes (training takes a few seconds). */
  static final Path MODEL_DIR = Paths.get("target", "tribuo-agent-models").toAbsolutePath();

  static final String MAIN = "dev.modelwatch.testapps.tribuo.TribuoModelServer";

  final List<String[]> rows = new ArrayList<>(); // fields of every row the model saw
  final List<String> answers = new ArrayList<>(); // answer lines of successful calls
  final Map<String, Long> errors = new TreeMap<>();
  long calls;
  long singleRowCalls;

  /** The exchanges sent to {@code model} (null: all) by these runs. */
  static TribuoTraffic of(String model, TrafficResult... runs) {
    TribuoTraffic t = new TribuoTraffic();
    for (TrafficResult run : runs) {
      for (TrafficResult.Exchange e : run.exchanges()) {
        if (model != null && !model.equals(e.model == null ? "wine" : e.model)) {
          continue;
        }
        if (e.status != 200 && e.status != 500) {
          continue;
        }
        t.calls++;
        int lines = 0;
        for (String line : e.body.split("\n")) {
          if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
          }
          if (line.isEmpty()) {
            continue;
          }
          String[] fields = line.split(",", -1);
          for (int i = 0; i < fields.length; i++) {
            fields[i] = fields[i].trim();
          }
          t.rows.add(fields);
          lines++;
        }
        if (lines == 1) {
          t.singleRowCalls++;
        }
        if (e.status == 200) {
          for (String answer : e.response.split("\n")) {
            if (!answer.isEmpty()) {
              t.answers.add(answer);
            }
          }
        } else {
          t.errors.merge(e.response.substring(0, e.response.indexOf(':')), 1L, Long::sum);
        }
      }
    }
    return t;
  }

  /** The value of a feature in a row as the model's example holds it; NaN when absent or NaN. */
  static double value(String[] fields, String feature) {
    int column = WineData.indexOf(feature);
    if (column >= fields.length || fields[column].isEmpty()) {
      return Double.NaN;
    }
    return Double.parseDouble(fields[column]);
  }

  long missing(String feature) {
    return rows.stream().filter(r -> Double.isNaN(value(r, feature))).count();
  }

  long present(String feature) {
    return rows.size() - missing(feature);
  }

  double sum(String feature) {
    return rows.stream().mapToDouble(r -> value(r, feature)).filter(v -> !Double.isNaN(v)).sum();
  }

  long outside(String feature, double min, double max) {
    return rows.stream()
        .mapToDouble(r -> value(r, feature))
        .filter(v -> v < min || v > max)
        .count();
  }

  /** Cumulative counts per {@code le} (bounds, then +Inf) of a feature's present values. */
  long[] cumulative(String feature, double[] bounds) {
    long[] counts = new long[bounds.length + 1];
    for (String[] r : rows) {
      double v = value(r, feature);
      if (!Double.isNaN(v)) {
        counts[PlainServerFeaturesTest.bucket(v, bounds)]++;
      }
    }
    for (int i = 1; i < counts.length; i++) {
      counts[i] += counts[i - 1];
    }
    return counts;
  }

  /** Label strings of bounds as the exposition writes them ({@code 9.0}), then {@code +Inf}. */
  static String[] le(double[] bounds) {
    String[] le = new String[bounds.length + 1];
    for (int i = 0; i < bounds.length; i++) {
      le[i] = Double.toString(bounds[i]);
    }
    le[bounds.length] = "+Inf";
    return le;
  }

  long totalRows() {
    return rows.size();
  }
}
