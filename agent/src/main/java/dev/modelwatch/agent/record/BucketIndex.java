package dev.modelwatch.agent.record;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds a value's histogram bucket (the first upper bound it does not exceed) with one table load
 * and usually one comparison, instead of a binary search whose data-dependent branches mispredict
 * on most values: on the per-call path that search cost about 10 ns per value, this about 3.
 *
 * <p>A double's bits, with the sign folded so that they sort like the values ({@link #sortable}),
 * shifted right by {@code shift}, give a cell number; cells are contiguous ranges of values, down
 * to whole binades at shift 52. The table holds, for every cell between the lowest and the highest
 * bound, the bucket of the cell's smallest value; a value then only steps past the bounds inside
 * its own cell, of which there is at most one when {@code shift} could be chosen fine enough.
 * Values below the first cell are in bucket 0, above the last in the +Inf bucket.
 *
 * <p>Identical bounds share one index: most features of a config without baselines use the default
 * bounds. The shared indexes are kept for the life of the JVM, so they grow only with the distinct
 * bound sets loaded (a reload with new baseline edges adds its own; each index is at most a few
 * KiB).
 */
final class BucketIndex {
  /**
   * Cells the table aims for; a finer shift is taken only to separate bounds, up to {@link
   * #MAX_CELLS}.
   */
  private static final int TARGET_CELLS = 256;

  private static final int MAX_CELLS = 4096;

  private static final ConcurrentHashMap<List<Double>, BucketIndex> SHARED =
      new ConcurrentHashMap<>();

  // read by NumericHistogram, which keeps copies next to its slots: one indirection less per value

  /** The bounds with +Inf appended, so the step past bounds always stops. */
  final double[] upper;

  final int shift;
  final long firstCell;
  final long lastCell;
  private final int cells;

  /**
   * Per cell, the bucket of its smallest value as an unsigned byte; buckets past 255 are stored as
   * 255 and reached by stepping, so any number of bounds is exact, up to 255 fast.
   */
  final byte[] table;

  private BucketIndex(double[] bounds) {
    upper = Arrays.copyOf(bounds, bounds.length + 1);
    upper[bounds.length] = Double.POSITIVE_INFINITY;
    if (bounds.length == 0) {
      shift = 52;
      firstCell = 0;
      lastCell = -1;
      cells = 0;
      table = new byte[0];
      return;
    }
    shift = chooseShift(bounds);
    firstCell = cell(bounds[0], shift);
    lastCell = cell(bounds[bounds.length - 1], shift);
    cells = (int) (lastCell - firstCell + 1);
    int[] buckets = new int[cells];
    for (int c = 1; c < cells; c++) {
      double smallest = valueOf((firstCell + c) << shift);
      int i = Arrays.binarySearch(bounds, smallest);
      buckets[c] = i < 0 ? -i - 1 : i;
    }
    table = new byte[cells];
    for (int c = 0; c < cells; c++) {
      table[c] = (byte) Math.min(buckets[c], 255);
    }
  }

  /**
   * @param bounds finite, strictly increasing
   */
  static BucketIndex of(double[] bounds) {
    Double[] boxed = new Double[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      boxed[i] = bounds[i];
    }
    return SHARED.computeIfAbsent(List.of(boxed), key -> new BucketIndex(bounds));
  }

  /**
   * Index of the first bound {@code value} does not exceed, or the number of bounds (+Inf); value
   * not NaN.
   */
  int indexOf(double value) {
    return indexOf(value, shift, firstCell, lastCell, table, upper);
  }

  /** The lookup, on an index's fields wherever they are kept. */
  static int indexOf(
      double value, int shift, long firstCell, long lastCell, byte[] table, double[] upper) {
    // compared before subtracting: at fine shifts the difference of far cells overflows
    long c = cell(value, shift);
    if (c < firstCell) {
      return 0;
    }
    if (c > lastCell) {
      return upper.length - 1;
    }
    int bucket = table[(int) (c - firstCell)] & 0xff;
    while (value > upper[bucket]) {
      bucket++;
    }
    return bucket;
  }

  /** The shift in use, for tests: 52 means one cell per binade. */
  int shift() {
    return shift;
  }

  int cells() {
    return cells;
  }

  /**
   * The finest shift whose table stays within {@link #TARGET_CELLS}; if some cell then still holds
   * two bounds, finer ones up to {@link #MAX_CELLS}, as far as that separates them. Never coarser
   * than a binade, so every cell holds values of one sign and exponent only.
   */
  private static int chooseShift(double[] bounds) {
    int shift = 52;
    while (shift > 0 && span(bounds, shift - 1) <= TARGET_CELLS) {
      shift--;
    }
    while (shift > 0 && !separated(bounds, shift) && span(bounds, shift - 1) <= MAX_CELLS) {
      shift--;
    }
    return shift;
  }

  private static long span(double[] bounds, int shift) {
    return cell(bounds[bounds.length - 1], shift) - cell(bounds[0], shift) + 1;
  }

  private static boolean separated(double[] bounds, int shift) {
    for (int i = 1; i < bounds.length; i++) {
      if (cell(bounds[i], shift) == cell(bounds[i - 1], shift)) {
        return false;
      }
    }
    return true;
  }

  private static long cell(double value, int shift) {
    return sortable(value) >> shift;
  }

  /**
   * The double's bits as a long that orders like the values: negatives have all but the sign
   * flipped.
   */
  private static long sortable(double value) {
    long bits = Double.doubleToRawLongBits(value);
    return bits ^ ((bits >> 63) >>> 1);
  }

  private static double valueOf(long sortable) {
    return Double.longBitsToDouble(sortable ^ ((sortable >> 63) >>> 1));
  }
}
