package dev.modelwatch.testapps.agent;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an agent must report for wine traffic, computed here from the request bodies and answers the
 * traffic generator kept: per-feature values and missing counts, per-bucket counts, regression
 * answers and predicted classes. Every request that reached the model (answered 200, or 500 when
 * the model threw) counts its rows; a short row's values beyond its end are missing. Answers come
 * from the requests answered 200.
 */
final class ExpectedWineMetrics {
  final List<float[]> rows = new ArrayList<>();
  final List<Double> regressionAnswers = new ArrayList<>();
  final Map<String, Long> classes = new TreeMap<>();
  double confidenceSum;
  long calls;

  /**
   * Rows of the requests that reached the model in {@code results}, answers of those answered 200.
   */
  static ExpectedWineMetrics of(TrafficResult... results) {
    return of(null, results);
  }

  /**
   * Like {@link #of(TrafficResult...)}, for the requests sent to one model of a multi-model server.
   */
  static ExpectedWineMetrics of(String model, TrafficResult... results) {
    ExpectedWineMetrics expected = new ExpectedWineMetrics();
    for (TrafficResult result : results) {
      for (TrafficResult.Exchange e : result.exchanges()) {
        if ((e.status != 200 && e.status != 500) || (model != null && !model.equals(e.model))) {
          continue;
        }
        expected.calls++;
        for (String line : e.body.split("\n")) {
          if (line.isEmpty()) {
            continue;
          }
          String[] fields = line.split(",", -1);
          float[] row = new float[Math.max(fields.length, WineData.FEATURE_NAMES.size())];
          java.util.Arrays.fill(row, Float.NaN);
          for (int i = 0; i < fields.length; i++) {
            String f = fields[i].trim();
            row[i] = f.isEmpty() ? Float.NaN : Float.parseFloat(f);
          }
          expected.rows.add(row);
        }
        if (e.status != 200) {
          continue;
        }
        for (String answer : e.response.trim().split("\n")) {
          int comma = answer.indexOf(',');
          if (comma < 0) {
            expected.regressionAnswers.add((double) Float.parseFloat(answer.trim()));
          } else {
            expected.classes.merge(answer.substring(0, comma), 1L, Long::sum);
            expected.confidenceSum += Double.parseDouble(answer.substring(comma + 1));
          }
        }
      }
    }
    return expected;
  }

  long rowCount() {
    return rows.size();
  }

  long missing(int column) {
    return rows.stream().filter(r -> Float.isNaN(r[column])).count();
  }

  long present(int column) {
    return rowCount() - missing(column);
  }

  double sum(int column) {
    double sum = 0;
    for (float[] row : rows) {
      if (!Float.isNaN(row[column])) {
        sum += row[column];
      }
    }
    return sum;
  }

  /**
   * Cumulative counts per {@code le} bound (last: +Inf), as a Prometheus histogram exports them.
   */
  long[] cumulativeBuckets(int column, double[] bounds) {
    long[] counts = new long[bounds.length + 1];
    for (float[] row : rows) {
      if (Float.isNaN(row[column])) {
        continue;
      }
      int b = 0;
      while (b < bounds.length && row[column] > bounds[b]) {
        b++;
      }
      counts[b]++;
    }
    for (int b = 1; b < counts.length; b++) {
      counts[b] += counts[b - 1];
    }
    return counts;
  }

  long countEqual(int column, float value) {
    return rows.stream().filter(r -> r[column] == value).count();
  }

  /** Answers that are numbers (a NaN answer is not a recorded output). */
  long finiteAnswers() {
    return regressionAnswers.stream().filter(v -> !v.isNaN()).count();
  }

  double answerSum() {
    return regressionAnswers.stream()
        .filter(v -> !v.isNaN())
        .mapToDouble(Double::doubleValue)
        .sum();
  }

  /** The {@code le} label of a bound as the agent prints it. */
  static String le(double bound) {
    return Double.toString(bound);
  }
}
