package dev.modelwatch.agent.drift;

import java.util.Arrays;

/**
 * A sliding window over cumulative per-bin counts, made of time slices.
 *
 * <p>The recorders only ever add to cumulative counters. Once per slice period the agent's daemon
 * thread calls {@link #rotate} with the current cumulative counts; the window keeps the last {@code
 * slices + 1} snapshots in a ring, so the counts of any recent stretch are a difference of two
 * snapshots. A shift in the data therefore shows in the window within one slice and leaves it
 * {@code slices} periods later. The caller owns time: this class never reads a clock.
 *
 * <p>{@link #counts(long[])} covers the current, partial slice (from the latest snapshot to {@code
 * cumulativeNow}) plus the {@code slices - 1} complete slices before it, so the window spans at
 * most {@code slices} periods.
 *
 * <p>Before enough rotations have happened the window starts at the counts given at construction.
 * Cumulative counts are expected never to decrease; a bin that does (a counter reset) counts as 0
 * rather than negative. {@link #rotate} allocates nothing. Methods are synchronized: rotation and
 * reads happen on different threads (daemon thread, scrapes), never on the prediction path.
 */
public final class DriftWindow {

  private final int bins;
  private final int slices;

  /** snapshots[head] is the latest; snapshots[(head - k) mod (slices + 1)] is k rotations older. */
  private final long[][] snapshots;

  private int head;

  /** A window that starts at the given cumulative counts (counters that already ran). */
  public DriftWindow(long[] cumulativeAtStart, int slices) {
    this.bins = checkBins(cumulativeAtStart.length);
    if (slices < 1) {
      throw new IllegalArgumentException("a drift window needs at least 1 slice, got " + slices);
    }
    this.slices = slices;
    this.snapshots = new long[slices + 1][];
    for (int i = 0; i <= slices; i++) {
      snapshots[i] = Arrays.copyOf(cumulativeAtStart, bins);
    }
  }

  private static int checkBins(int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("a drift window needs at least 1 bin, got " + bins);
    }
    return bins;
  }

  /** Closes the current slice at the given cumulative counts; called once per slice period. */
  public synchronized void rotate(long[] cumulativeNow) {
    checkLength(cumulativeNow);
    head = (head + 1) % (slices + 1);
    System.arraycopy(cumulativeNow, 0, snapshots[head], 0, bins);
  }

  /** Counts within the current partial slice and the {@code slices - 1} complete ones before. */
  public synchronized long[] counts(long[] cumulativeNow) {
    checkLength(cumulativeNow);
    return difference(cumulativeNow, snapshotBefore(slices - 1));
  }

  private long[] snapshotBefore(int rotations) {
    return snapshots[(head - rotations + slices + 1) % (slices + 1)];
  }

  private long[] difference(long[] later, long[] earlier) {
    long[] result = new long[bins];
    for (int i = 0; i < bins; i++) {
      result[i] = Math.max(0, later[i] - earlier[i]);
    }
    return result;
  }

  private void checkLength(long[] cumulative) {
    if (cumulative.length != bins) {
      throw new IllegalArgumentException(
          "the window has "
              + bins
              + " bins but "
              + cumulative.length
              + " counts were given; use the same bin edges as the baseline");
    }
  }
}
