package dev.modelwatch.agent.record;

/**
 * Counts of one categorical feature or classification output, capped like every label from data.
 * Small integer codes (flags, class indices) map to cached strings, so recording them allocates
 * nothing.
 */
public final class CategoryCounts {
  private static final String[] CODES = new String[1024];

  static {
    for (int i = 0; i < CODES.length; i++) {
      CODES[i] = Integer.toString(i);
    }
  }

  private final String name;
  private final LabelCounts counts;
  private final int missingSlot;

  public CategoryCounts(String name, int limit, CellLayout layout) {
    this.name = name;
    this.counts = new LabelCounts(limit);
    this.missingSlot = layout.longs(1);
  }

  public void record(long[] cells, String value) {
    if (value == null) {
      Cells.increment(cells, missingSlot);
    } else {
      counts.increment(value);
    }
  }

  public void recordCode(long[] cells, double code) {
    if (code != code) {
      Cells.increment(cells, missingSlot);
    } else if (code >= 0 && code < CODES.length && code == Math.rint(code)) {
      counts.increment(CODES[(int) code]);
    } else {
      counts.increment(code == Math.rint(code) && Math.abs(code) < 1e15 ? Long.toString((long) code) : Double.toString(code));
    }
  }

  public void recordMissing(long[] cells) {
    Cells.increment(cells, missingSlot);
  }

  public String name() {
    return name;
  }

  public LabelCounts counts() {
    return counts;
  }

  public long missing(long[] cells) {
    return cells[missingSlot];
  }
}
