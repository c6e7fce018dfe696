package dev.modelwatch.testapps.agent;

import dev.modelwatch.testapps.traffic.TrafficResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the feedback tests know about the rows they sent: the row as the server parsed it, the
 * prediction it answered, the generator's label, and the row's id under {@code prediction_id:
 * {hash: features}}, computed here from the documented formula (not with the agent's code).
 */
public final class FeedbackRows {
  final List<float[]> rows = new ArrayList<>();
  final List<Double> predictions = new ArrayList<>();
  final List<Double> labels = new ArrayList<>();
  final List<String> ids = new ArrayList<>();

  /** Rows of answered single-row requests, with labels by row id. */
  static FeedbackRows of(TrafficResult result, Map<Long, String> labelsByRow) {
    FeedbackRows rows = new FeedbackRows();
    for (TrafficResult.Exchange exchange : result.exchanges()) {
      if (exchange.status != 200) {
        throw new AssertionError("request " + exchange.firstRowId + " answered " + exchange.status);
      }
      String[] fields = exchange.body.trim().split(",", -1);
      float[] row = new float[fields.length];
      for (int i = 0; i < fields.length; i++) {
        row[i] = Float.parseFloat(fields[i]);
      }
      rows.rows.add(row);
      rows.predictions.add((double) Float.parseFloat(exchange.response.trim()));
      rows.labels.add(Double.parseDouble(labelsByRow.get(exchange.firstRowId)));
      rows.ids.add(featureHash(row));
    }
    return rows;
  }

  /**
   * h = (h XOR bits(value as double)) * 0x100000001b3 from 0xcbf29ce484222325, as 16 hex digits.
   */
  public static String featureHash(float[] row) {
    long h = 0xcbf29ce484222325L;
    for (float value : row) {
      h = (h ^ Double.doubleToLongBits(value)) * 0x100000001b3L;
    }
    return String.format(Locale.ROOT, "%016x", h);
  }

  int size() {
    return rows.size();
  }

  /** JSON lines posting every label to the agent. */
  String feedbackLines(String model) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < size(); i++) {
      body.append("{\"model\": \"")
          .append(model)
          .append("\", \"id\": \"")
          .append(ids.get(i))
          .append("\", \"label\": ")
          .append(labels.get(i))
          .append("}\n");
    }
    return body.toString();
  }

  double meanAbsoluteError() {
    double sum = 0;
    for (int i = 0; i < size(); i++) {
      sum += Math.abs(predictions.get(i) - labels.get(i));
    }
    return sum / size();
  }
}
