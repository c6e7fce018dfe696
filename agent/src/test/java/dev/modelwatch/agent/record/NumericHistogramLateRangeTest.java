package dev.modelwatch.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A training range bound after set-up counts out-of-range values from then on, and only once. */
class NumericHistogramLateRangeTest {
  @Test
  void aRangeBoundLaterCountsValuesOutsideIt() {
    CellLayout layout = new CellLayout();
    NumericHistogram histogram =
        new NumericHistogram("x", new double[] {0, 10}, Double.NaN, Double.NaN, layout);
    long[] cells = new long[layout.size()];
    histogram.record(cells, -50);
    assertEquals(0, histogram.outOfRange(cells), "no range known yet");
    assertFalse(histogram.hasRange());

    assertTrue(histogram.bindRange(1, 9));
    assertFalse(histogram.bindRange(-100, 100), "set once");
    for (double v : new double[] {0.5, 1, 5, 9, 9.5, Double.NaN}) {
      histogram.record(cells, v);
    }
    assertEquals(2, histogram.outOfRange(cells)); // 0.5 and 9.5; the bounds themselves are inside
    assertEquals(1, histogram.missing(cells));
  }

  @Test
  void aRangeKnownAtSetUpIsNeverReplaced() {
    CellLayout layout = new CellLayout();
    NumericHistogram histogram = new NumericHistogram("x", new double[] {0, 10}, 2, 3, layout);
    long[] cells = new long[layout.size()];
    assertFalse(histogram.bindRange(0, 100));
    histogram.record(cells, 50);
    assertEquals(1, histogram.outOfRange(cells));
    assertFalse(
        new NumericHistogram("y", new double[] {1}, Double.NaN, Double.NaN, layout)
            .bindRange(Double.NaN, 1));
  }
}
