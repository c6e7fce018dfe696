package dev.modelwatch.agent.drift;

/**
 * Reads one column's counts per bin out of a model's summed recording cells (see {@code
 * CellRegistry.sum}): each bin its own count, not summed over the bins below it as an exported
 * {@code le} bucket is, and cumulative in time only (counted since start; the drift window takes
 * differences). The same counts the exported histogram or category counters hold, so drift needs no
 * second recording on the prediction path.
 */
@FunctionalInterface
public interface CumulativeCounts {
  /** Counts per baseline bin since start; never decreasing from one call to the next. */
  long[] read(long[] summedCells);
}
