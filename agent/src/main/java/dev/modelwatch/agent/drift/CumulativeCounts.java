package dev.modelwatch.agent.drift;

/**
 * Reads one column's cumulative per-bin counts out of a model's summed recording cells (see {@code
 * CellRegistry.sum}): the same counts the exported histogram or category counters hold, so drift
 * needs no second recording on the prediction path.
 */
@FunctionalInterface
public interface CumulativeCounts {
  /** Counts per baseline bin since start; never decreasing from one call to the next. */
  long[] read(long[] summedCells);
}
