package dev.modelwatch.agent.record;

import java.util.Arrays;

/**
 * The slots of one numeric feature or output in a model's cell layout: a classic histogram on this
 * feature's own bucket bounds (the baseline's bin edges when there is a baseline), its sum, missing
 * values, and values outside the training range.
 */
public final class NumericHistogram {
  /** Used when neither the config nor a baseline gives bounds: decades around zero. */
  public static final double[] DEFAULT_BOUNDS = {
    -1000, -100, -10, -1, -0.1, 0, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000
  };

  private final String name;
  private final double[] bounds;
  // the bucket index's fields, copied (see BucketIndex)
  private final int shift;
  private final long firstCell;
  private final long lastCell;
  private final byte[] table;
  private final double[] upper;
  // plain field, set at most once after start-up (a model library's own training range); the
  // holder's final fields make a racy read see either the old or the new range, never a mix
  private Range range;
  private final int buckets;
  private final int sum;
  private final int missing;
  private final int outOfRange;

  /**
   * Bounds still to be learned: nothing is recorded in the buckets yet, and the histogram is not
   * exposed.
   */
  private final boolean pending;

  /**
   * @param bounds finite, strictly increasing upper bounds; +Inf is implied
   * @param min,max the training range (NaN: unknown, nothing is out of range)
   */
  public NumericHistogram(String name, double[] bounds, double min, double max, CellLayout layout) {
    this(name, bounds, min, max, layout, 0, false);
  }

  /**
   * @param reservedBuckets bucket slots taken in the layout at least (so that histograms with other
   *     bounds can take the same slots later); 0 for just what the bounds need
   * @param pending true while the bounds are still to be learned
   */
  NumericHistogram(
      String name,
      double[] bounds,
      double min,
      double max,
      CellLayout layout,
      int reservedBuckets,
      boolean pending) {
    this.name = name;
    this.pending = pending;
    this.bounds = bounds.clone();
    BucketIndex index = BucketIndex.of(this.bounds);
    this.shift = index.shift;
    this.firstCell = index.firstCell;
    this.lastCell = index.lastCell;
    this.table = index.table;
    this.upper = index.upper;
    this.range = Double.isNaN(min) && Double.isNaN(max) ? Range.UNKNOWN : new Range(min, max);
    this.buckets = layout.longs(Math.max(bounds.length + 1, reservedBuckets));
    this.sum = layout.doubleSlot();
    this.missing = layout.longs(1);
    this.outOfRange = layout.longs(1);
  }

  public void record(long[] cells, double value) {
    if (value != value) {
      Cells.increment(cells, missing);
      return;
    }
    int bucket = BucketIndex.indexOf(value, shift, firstCell, lastCell, table, upper);
    Cells.increment(cells, buckets + bucket);
    Cells.addDouble(cells, sum, value);
    if (outOfRange(value)) {
      Cells.increment(cells, outOfRange);
    }
  }

  /** Outside the training range (never, while it is unknown). */
  private boolean outOfRange(double value) {
    Range r = range;
    return value < r.min || value > r.max;
  }

  /**
   * Sets the training range when none was known at set-up (no baseline, no config): a model library
   * that carries its training statistics supplies it at the model's first call.
   *
   * @return false, changing nothing, when a range is already known
   */
  public synchronized boolean bindRange(double min, double max) {
    if (range != Range.UNKNOWN || Double.isNaN(min) || Double.isNaN(max)) {
      return false;
    }
    range = new Range(min, max);
    return true;
  }

  /**
   * True while the bounds are still being learned from the first values (nothing to expose yet).
   */
  public boolean pending() {
    return pending;
  }

  public boolean hasRange() {
    return range != Range.UNKNOWN;
  }

  public void recordMissing(long[] cells) {
    Cells.increment(cells, missing);
  }

  public String name() {
    return name;
  }

  /** Upper bounds with +Inf appended, as exposed in {@code le}. */
  public double[] upperBounds() {
    double[] upper = Arrays.copyOf(bounds, bounds.length + 1);
    upper[bounds.length] = Double.POSITIVE_INFINITY;
    return upper;
  }

  /** Per-bucket (not cumulative) counts out of summed cells. */
  public long[] bucketCounts(long[] sum) {
    return Arrays.copyOfRange(sum, buckets, buckets + bounds.length + 1);
  }

  /**
   * Per-bucket counts out of summed cells into {@code into}, which must have the length of {@link
   * #upperBounds()}: lets a scrape reuse one array instead of copying per histogram.
   */
  public void bucketCounts(long[] sum, long[] into) {
    System.arraycopy(sum, buckets, into, 0, bounds.length + 1);
  }

  public double sum(long[] cells) {
    return Double.longBitsToDouble(cells[sum]);
  }

  public long missing(long[] cells) {
    return cells[missing];
  }

  public long outOfRange(long[] cells) {
    return cells[outOfRange];
  }

  /** Values outside [min, max] count as out of range; unknown bounds are infinite. */
  private static final class Range {
    static final Range UNKNOWN = new Range(Double.NaN, Double.NaN);

    final double min;
    final double max;

    Range(double min, double max) {
      this.min = Double.isNaN(min) ? Double.NEGATIVE_INFINITY : min;
      this.max = Double.isNaN(max) ? Double.POSITIVE_INFINITY : max;
    }
  }
}
