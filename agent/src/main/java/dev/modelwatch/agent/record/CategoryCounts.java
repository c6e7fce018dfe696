package dev.modelwatch.agent.record;

import java.util.List;
import java.util.Map;

/**
 * Counts of one categorical feature or classification output, in the recording cells ({@link
 * CellLabels}), capped like every label from data. Small integer codes (flags, class indices) map
 * to cached strings, so recording them allocates nothing and finds their slot by identity.
 */
public final class CategoryCounts {
  private static final String[] CODES = new String[1024];

  static {
    for (int i = 0; i < CODES.length; i++) {
      CODES[i] = Integer.toString(i);
    }
  }

  private final String name;
  private final CellLabels counts;
  private final int missingSlot;

  public CategoryCounts(String name, int limit, CellLayout layout) {
    this(name, limit, List.of(), layout);
  }

  /**
   * @param known categories counted by name from the start (the baseline's), exported at 0 until
   *     seen; they count towards the cap of {@code limit} names, but are never capped themselves
   */
  public CategoryCounts(String name, int limit, List<String> known, CellLayout layout) {
    this.name = name;
    this.counts = new CellLabels(limit, known, layout);
    this.missingSlot = layout.longs(1);
  }

  /**
   * The label of a numeric category code: cached for small whole codes, so most allocate nothing.
   */
  public static String label(double code) {
    if (code >= 0 && code < CODES.length && code == Math.rint(code)) {
      return CODES[(int) code];
    }
    return code == Math.rint(code) && Math.abs(code) < 1e15
        ? Long.toString((long) code)
        : Double.toString(code);
  }

  public void record(long[] cells, String value) {
    if (value == null) {
      Cells.increment(cells, missingSlot);
    } else {
      counts.increment(cells, value);
    }
  }

  public void recordCode(long[] cells, double code) {
    if (code != code) {
      Cells.increment(cells, missingSlot);
    } else {
      counts.increment(cells, label(code));
    }
  }

  public void recordMissing(long[] cells) {
    Cells.increment(cells, missingSlot);
  }

  public String name() {
    return name;
  }

  /** Counts by category out of summed cells (see {@link CellLabels#counts}). */
  public Map<String, Long> counts(long[] sum) {
    return counts.counts(sum);
  }

  /** Values counted under any category, out of summed cells. */
  public long total(long[] sum) {
    return counts.total(sum);
  }

  public long missing(long[] cells) {
    return cells[missingSlot];
  }
}
