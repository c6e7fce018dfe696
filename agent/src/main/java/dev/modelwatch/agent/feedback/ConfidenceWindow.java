package dev.modelwatch.agent.feedback;

/**
 * The count and sum of each classification output's confidences over a sliding window of time
 * slices, from the cumulative count and sum the recording cells keep: the same scheme as the drift
 * window ({@link dev.modelwatch.agent.drift.DriftWindow}), with an exact sum beside each count.
 * Once per slice period {@link #rotate} keeps the cumulative values in a ring of {@code slices + 1}
 * snapshots; {@link #countsInto} then covers the current, partial slice and the {@code slices - 1}
 * complete ones before it. Never on the prediction path; methods are synchronized (rotation on the
 * scheduler thread, reads on scrapes).
 */
final class ConfidenceWindow {
  private final int outputs;
  private final int slices;

  /**
   * counts[head] and sums[head] are the latest snapshot; k rotations older is (head - k) mod
   * (slices + 1).
   */
  private final long[][] counts;

  private final double[][] sums;
  private int head;

  /** A window that starts at the given cumulative values (cells that already recorded). */
  ConfidenceWindow(long[] countsAtStart, double[] sumsAtStart, int slices) {
    if (slices < 1) {
      throw new IllegalArgumentException("a window needs at least 1 slice, got " + slices);
    }
    this.outputs = countsAtStart.length;
    this.slices = slices;
    this.counts = new long[slices + 1][];
    this.sums = new double[slices + 1][];
    for (int i = 0; i <= slices; i++) {
      counts[i] = countsAtStart.clone();
      sums[i] = sumsAtStart.clone();
    }
  }

  /** Closes the current slice at the given cumulative values; called once per slice period. */
  synchronized void rotate(long[] countsNow, double[] sumsNow) {
    head = (head + 1) % (slices + 1);
    System.arraycopy(countsNow, 0, counts[head], 0, outputs);
    System.arraycopy(sumsNow, 0, sums[head], 0, outputs);
  }

  /**
   * Writes the count and sum within the window (the current slice up to the given cumulative
   * values, and the {@code slices - 1} before it) into {@code windowCounts} and {@code windowSums}.
   * A count that went down (a counter reset) counts as 0, its sum with it.
   */
  synchronized void countsInto(
      long[] countsNow, double[] sumsNow, long[] windowCounts, double[] windowSums) {
    int start = (head - (slices - 1) + slices + 1) % (slices + 1);
    for (int o = 0; o < outputs; o++) {
      long count = countsNow[o] - counts[start][o];
      windowCounts[o] = Math.max(0, count);
      windowSums[o] = count > 0 ? sumsNow[o] - sums[start][o] : 0;
    }
  }
}
