package dev.modelwatch.agent.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.bootstrap.CallState;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@code float[]} rows of all-numeric features are recorded in one loop; the counts are checked
 * against ones the test tallies itself with the {@code le} rule.
 */
class WholeRowRecordingTest {
  private static final double[] BOUNDS = {-1, 0, 0.5, 2, 7.25};

  @Test
  void wholeRowsCountLikeTheLeRule() throws Exception {
    Recorder recorder =
        ConfiguredRecorder.firstModel(
            "models:\n"
                + "  - name: m\n"
                + "    intercept: {class: com.acme.Scorer, method: score}\n"
                + "    features:\n"
                + "      - {name: a, index: 2, buckets: [-1, 0, 0.5, 2, 7.25]}\n"
                + "      - {name: b, index: 0, buckets: [-1, 0, 0.5, 2, 7.25]}\n");
    ModelMonitor model = recorder.models().get(0);
    CallState state = new CallState();
    int[] columns = {2, 0};
    long[][] expected = new long[2][BOUNDS.length + 1];
    double[] sums = new double[2];
    long[] missing = new long[2];
    SplittableRandom random = new SplittableRandom(7);
    int calls = 5000;
    for (int i = 0; i < calls; i++) {
      float[] row = new float[3];
      for (int c = 0; c < row.length; c++) {
        row[c] = i % 97 == 0 ? Float.NaN : (float) (random.nextDouble() * 12 - 3);
      }
      row[i % 3] = BOUNDS[i % BOUNDS.length] == 0.5 ? 0.5f : row[i % 3]; // exact bounds too
      for (int f = 0; f < 2; f++) {
        double v = row[columns[f]];
        if (v != v) {
          missing[f]++;
          continue;
        }
        int bucket = 0;
        while (bucket < BOUNDS.length && v > BOUNDS[bucket]) {
          bucket++;
        }
        expected[f][bucket]++;
        sums[f] += v;
      }
      recorder.enter(0, null, row, state);
      recorder.exit(0, row, null, Double.NaN, null, state);
    }
    long[] sum = recorder.cells().sum(0);
    for (int f = 0; f < 2; f++) {
      NumericHistogram histogram = model.numericFeatures()[f];
      assertArrayEquals(expected[f], histogram.bucketCounts(sum), "feature " + f);
      assertEquals(sums[f], histogram.sum(sum), 1e-9 * Math.abs(sums[f]));
      assertEquals(missing[f], histogram.missing(sum));
    }
    assertEquals(calls, model.totals(sum).finished);
  }
}
