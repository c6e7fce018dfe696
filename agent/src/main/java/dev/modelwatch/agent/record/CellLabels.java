package dev.modelwatch.agent.record;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts by a label from data or code (a category, an exception class) in the recording cells,
 * capped at {@code limit} distinct labels; the rest count under {@value LabelCounts#OTHER}, and so
 * do labels longer than {@value LabelCounts#MAX_LENGTH} characters (data, not names). Each label
 * admitted gets a slot of its own at set-up's fixed place in the layout ({@code limit + 1} slots,
 * the last one for the rest), so counting is a plain add to the thread's cells like a numeric
 * value's, and a scrape reads labels and numbers from one summed array.
 *
 * <p>A label finds its slot in an immutable open-addressing table, by identity first (constants,
 * enum names, exception class names are the same object every call), else by hash and {@code
 * equals}: no lock, no concurrent map, no allocation. A label not yet admitted takes a lock once;
 * once the cap is reached, new labels go to the rest without it. Memory is bounded by the cap,
 * however many threads race or labels come.
 */
public final class CellLabels {
  private final int base;
  private final int limit;

  /** Admitted labels by slot; written before the table that holds them is published. */
  private final String[] names;

  private volatile Entry[] table;
  private int admitted; // guarded by this
  private volatile boolean full;

  /**
   * @param known labels admitted from the start (a baseline's categories): exported at 0 until
   *     counted; they count towards the cap, which is at least their number
   */
  public CellLabels(int limit, List<String> known, CellLayout layout) {
    this.limit = Math.max(limit, known.size());
    this.base = layout.longs(this.limit + 1);
    this.names = new String[this.limit];
    int capacity = 8;
    while (capacity < 2 * (this.limit + 1)) {
      capacity <<= 1;
    }
    Entry[] initial = new Entry[capacity];
    for (String label : known) {
      if (find(initial, label) < 0) {
        names[admitted] = label;
        insert(initial, new Entry(label, admitted++));
      }
    }
    this.table = initial;
    this.full = admitted >= this.limit;
  }

  /** Counts {@code label} (never null) in the calling thread's cells. */
  public void increment(long[] cells, String label) {
    Cells.increment(cells, base + slotOf(label));
  }

  int slotOf(String label) {
    int slot = find(table, label);
    if (slot >= 0) {
      return slot;
    }
    return full || label.length() > LabelCounts.MAX_LENGTH ? limit : admit(label);
  }

  private synchronized int admit(String label) {
    Entry[] current = table;
    int slot = find(current, label);
    if (slot >= 0) {
      return slot;
    }
    if (admitted >= limit) {
      full = true;
      return limit;
    }
    slot = admitted++;
    names[slot] = label;
    Entry[] next = current.clone();
    insert(next, new Entry(label, slot));
    table = next;
    return slot;
  }

  /**
   * The counts out of summed cells, in admission order, {@value LabelCounts#OTHER} last when
   * anything counted there: admitted labels even at 0 (known ones before they are seen).
   */
  public Map<String, Long> counts(long[] sum) {
    Entry[] published = table; // names of every admitted slot below this table's are written
    int count = 0;
    for (Entry e : published) {
      count += e == null ? 0 : 1;
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (int slot = 0; slot < count; slot++) {
      counts.put(names[slot], sum[base + slot]);
    }
    long other = sum[base + limit];
    if (other > 0) {
      counts.merge(LabelCounts.OTHER, other, Long::sum);
    }
    return counts;
  }

  /** The sum of every label's count out of summed cells. */
  public long total(long[] sum) {
    long total = 0;
    for (int slot = 0; slot <= limit; slot++) {
      total += sum[base + slot];
    }
    return total;
  }

  private static int find(Entry[] entries, String label) {
    int mask = entries.length - 1;
    int hash = label.hashCode();
    for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
      Entry e = entries[i];
      if (e == null) {
        return -1;
      }
      if (e.label == label || (e.hash == hash && e.label.equals(label))) {
        return e.slot;
      }
    }
  }

  private static void insert(Entry[] entries, Entry entry) {
    int mask = entries.length - 1;
    int i = spread(entry.hash) & mask;
    while (entries[i] != null) {
      i = (i + 1) & mask;
    }
    entries[i] = entry;
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  private static final class Entry {
    final String label;
    final int hash;
    final int slot;

    Entry(String label, int slot) {
      this.label = label;
      this.hash = label.hashCode();
      this.slot = slot;
    }
  }
}
