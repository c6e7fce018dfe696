package dev.modelwatch.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The geometric gaps that choose captured calls: counting them down must choose each call with the
 * capture's rate, independently, as a draw per call would. Checked against the geometric
 * distribution's exact mean and P(gap = 1) = rate, (the forked PayloadCaptureTest checks the share
 * of calls captured on the real path).
 */
class CaptureGapTest {
  @Test
  void gapsAreGeometricWithTheRate() {
    ThreadCells writer =
        new CellRegistry(1, model -> new CellLayout()).register(Thread.currentThread());
    for (double rate : new double[] {0.01, 0.2, 0.5}) {
      int n = 200_000;
      double sum = 0;
      long ones = 0;
      for (int i = 0; i < n; i++) {
        long gap = writer.gap(rate);
        assertTrue(gap >= 1, "gap " + gap);
        sum += gap;
        ones += gap == 1 ? 1 : 0;
      }
      double mean = 1 / rate;
      double sd = Math.sqrt(1 - rate) / rate;
      assertEquals(mean, sum / n, 5 * sd / Math.sqrt(n), "mean gap at rate " + rate);
      assertEquals(rate, (double) ones / n, 5 * Math.sqrt(rate * (1 - rate) / n), "P(gap = 1)");
    }
    assertEquals(1, writer.gap(1.0));
  }
}
