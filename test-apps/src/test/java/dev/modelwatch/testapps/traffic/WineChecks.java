package dev.modelwatch.testapps.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import java.util.List;
import java.util.Map;

/** Sanity checks of served predictions against the known wine relation, computed here by hand. */
public final class WineChecks {

  private WineChecks() {}

  /** The noiseless quality: 1.33 + sum of weight * value over the 12 columns. */
  public static double knownQuality(float[] row) {
    double[] w = {-0.05, -2.5, 0.5, 0.02, -4.0, 0.005, -0.002, 0.0, 0.3, 1.0, 0.40, 0.1};
    double q = 1.33;
    for (int i = 0; i < w.length; i++) {
      q += w[i] * row[i];
    }
    return q;
  }

  /**
   * Every full row answered 200 got a prediction within {@code maxError} of the known relation, and
   * the mean absolute error is below {@code maxMeanError}. Returns the rows checked.
   */
  public static int assertRegressionNearRelation(
      TrafficResult r, double maxError, double maxMeanError) {
    int n = 0;
    double sum = 0;
    for (TrafficResult.Exchange e : r.exchanges()) {
      if (e.status != 200) {
        continue;
      }
      String[] rows = e.body.split("\n");
      String[] predictions = e.response.split("\n");
      assertEquals(rows.length, predictions.length, "one prediction per row: " + e.response);
      for (int j = 0; j < rows.length; j++) {
        float[] row = WireFormat.toFloats(rows[j].split(",", -1));
        if (row.length != WineData.COLUMNS || hasNaN(row)) {
          continue;
        }
        double error = Math.abs(Double.parseDouble(predictions[j]) - knownQuality(row));
        assertTrue(
            error < maxError,
            "prediction "
                + predictions[j]
                + " for "
                + rows[j]
                + " is "
                + error
                + " from the known relation");
        sum += error;
        n++;
      }
    }
    assertTrue(n > 0, "no predictions checked");
    assertTrue(sum / n < maxMeanError, "mean absolute error " + sum / n);
    return n;
  }

  /**
   * Share of 200-answered rows whose predicted class equals the label; also checks the line format.
   */
  public static double accuracy(TrafficResult r, Map<Long, String> labels) {
    int n = 0;
    int correct = 0;
    for (TrafficResult.Exchange e : r.exchanges()) {
      if (e.status != 200) {
        continue;
      }
      String[] predictions = e.response.split("\n");
      for (int j = 0; j < predictions.length; j++) {
        String[] p = predictions[j].split(",");
        assertEquals(2, p.length, "label,confidence expected: " + predictions[j]);
        assertTrue(List.of("low", "medium", "high").contains(p[0]), predictions[j]);
        double confidence = Double.parseDouble(p[1]);
        // the most probable of three classes has probability in [1/3, 1]
        assertTrue(confidence >= 1.0 / 3 - 1e-6 && confidence <= 1.0 + 1e-6, predictions[j]);
        correct += p[0].equals(labels.get(e.firstRowId + j)) ? 1 : 0;
        n++;
      }
    }
    assertTrue(n > 0, "no predictions checked");
    return correct / (double) n;
  }

  private static boolean hasNaN(float[] row) {
    for (float v : row) {
      if (Float.isNaN(v)) {
        return true;
      }
    }
    return false;
  }
}
