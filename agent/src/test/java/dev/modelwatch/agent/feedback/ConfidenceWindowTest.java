package dev.modelwatch.agent.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The windowed count and exact sum of confidences, from cumulative values rotated once per slice.
 */
class ConfidenceWindowTest {
  @Test
  void theWindowHoldsTheCurrentSliceAndTheOnesBeforeItAndLetsOlderSlicesGo() {
    // two outputs; values recorded before the window started do not count
    ConfidenceWindow window = new ConfidenceWindow(new long[] {5, 0}, new double[] {4.5, 0}, 3);
    long[] counts = new long[2];
    double[] sums = new double[2];

    window.countsInto(new long[] {7, 1}, new double[] {5.5, 0.25}, counts, sums);
    assertArrayEquals(new long[] {2, 1}, counts);
    assertArrayEquals(new double[] {1.0, 0.25}, sums);

    window.rotate(
        new long[] {7, 1}, new double[] {5.5, 0.25}); // slice 1 closed: 2 and 1 confidences
    window.rotate(new long[] {9, 1}, new double[] {7.0, 0.25}); // slice 2: 2 (sum 1.5) and none
    window.countsInto(
        new long[] {10, 2}, new double[] {7.75, 0.75}, counts, sums); // slice 3 so far
    assertArrayEquals(new long[] {5, 2}, counts);
    assertEquals(3.25, sums[0], 1e-12);
    assertEquals(0.75, sums[1], 1e-12);

    window.rotate(new long[] {10, 2}, new double[] {7.75, 0.75}); // slice 3 closed
    // three slices: 2, 3 and the current one; slice 1 has left
    window.countsInto(new long[] {10, 2}, new double[] {7.75, 0.75}, counts, sums);
    assertArrayEquals(new long[] {3, 1}, counts);
    assertEquals(2.25, sums[0], 1e-12);
    assertEquals(0.5, sums[1], 1e-12);

    window.rotate(new long[] {10, 2}, new double[] {7.75, 0.75});
    window.rotate(new long[] {10, 2}, new double[] {7.75, 0.75});
    window.countsInto(new long[] {10, 2}, new double[] {7.75, 0.75}, counts, sums);
    assertArrayEquals(new long[] {0, 0}, counts);
    assertArrayEquals(new double[] {0, 0}, sums);
  }
}
