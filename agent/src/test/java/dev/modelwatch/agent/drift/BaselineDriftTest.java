package dev.modelwatch.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.agent.baseline.BaselineBuilder;
import dev.modelwatch.agent.baseline.ColumnSpec;
import dev.modelwatch.config.baseline.NumericDistribution;
import java.io.StringReader;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** A baseline built from data, compared with live counts binned the way Prometheus buckets are. */
class BaselineDriftTest {

  private static final double EXACT = 1e-12;

  @Test
  void trainingDataShowsNoDriftAgainstItsOwnBaselineAndAShiftShows() throws Exception {
    StringBuilder csv = new StringBuilder("x\n");
    double[] training = new double[1000];
    for (int i = 0; i < training.length; i++) {
      training[i] = (i * 37 % 1000) / 10.0; // 0.0 .. 99.9, each once
      csv.append(training[i]).append('\n');
    }
    NumericDistribution x =
        new BaselineBuilder(Collections.singletonList(ColumnSpec.numericFeature("x")), 10, 5)
            .readCsv(new StringReader(csv.toString()), null, "m", "s")
            .profile()
            .numericFeatures()
            .get("x");

    long[] same = bin(training, x.edges());
    assertEquals(0.0, DriftStatistics.psi(x.shares(), same), EXACT);
    assertEquals(0.0, DriftStatistics.ks(x.shares(), same), EXACT);
    assertEquals(0.0, DriftStatistics.jensenShannon(x.shares(), same), EXACT);
    assertEquals(0.0, DriftStatistics.chiSquared(x.shares(), same), EXACT);

    // live values shifted up by 10: the lowest decile empties, the top bin doubles
    double[] shifted = new double[training.length];
    for (int i = 0; i < shifted.length; i++) {
      shifted[i] = training[i] + 10;
    }
    long[] live = bin(shifted, x.edges());
    double[] a = new double[live.length];
    for (int i = 0; i < live.length; i++) {
      a[i] = live[i] / 1000.0;
    }
    // every baseline bin holds 10%; the shift moves one decile's worth of mass to the top bin
    assertEquals(0.0, a[0], EXACT);
    assertEquals(0.2, a[9], EXACT);
    assertEquals(0.1, DriftStatistics.ks(x.shares(), live), EXACT);
    double floor = 1e-4 / (1 + 1e-4);
    double top = 0.2 / (1 + 1e-4);
    double middle = 0.1 / (1 + 1e-4);
    double psi =
        (floor - 0.1) * Math.log(floor / 0.1)
            + (top - 0.1) * Math.log(top / 0.1)
            + 8 * (middle - 0.1) * Math.log(middle / 0.1);
    assertEquals(psi, DriftStatistics.psi(x.shares(), live), EXACT);
  }

  /** Prometheus le buckets: bucket i counts edges[i-1] < v <= edges[i]; the last is +Inf. */
  private static long[] bin(double[] values, double[] edges) {
    long[] counts = new long[edges.length + 1];
    for (double v : values) {
      int b = 0;
      while (b < edges.length && v > edges[b]) {
        b++;
      }
      counts[b]++;
    }
    return counts;
  }
}
