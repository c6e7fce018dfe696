package dev.modelwatch.agent.record;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters keyed by a label value that comes from data or code (an exception class, a category),
 * capped at {@code limit} distinct values; the rest are counted under {@value #OTHER}, so a hostile
 * or buggy input cannot grow the series count or the agent's memory without bound: at most {@code
 * limit + 1} entries of at most {@value #MAX_LENGTH} characters each, however many threads race.
 */
public final class LabelCounts {
  public static final String OTHER = "__other__";

  /** Longer values are not category names but data (a document, a payload): counted as other. */
  public static final int MAX_LENGTH = 200;

  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final int limit;
  private int admitted;
  private volatile boolean full;

  public LabelCounts(int limit) {
    this.limit = limit;
  }

  public void increment(String value) {
    LongAdder adder = counts.get(value);
    if (adder == null) {
      adder = full || value.length() > MAX_LENGTH ? other() : admit(value);
    }
    adder.increment();
  }

  /**
   * Only the first {@code limit} distinct values get here more than once; the lock keeps the cap
   * exact.
   */
  private synchronized LongAdder admit(String value) {
    LongAdder adder = counts.get(value);
    if (adder != null) {
      return adder;
    }
    if (admitted >= limit) {
      full = true;
      return other();
    }
    admitted++;
    adder = new LongAdder();
    counts.put(value, adder);
    return adder;
  }

  private LongAdder other() {
    LongAdder other = counts.get(OTHER);
    return other != null ? other : counts.computeIfAbsent(OTHER, v -> new LongAdder());
  }

  public Map<String, LongAdder> counts() {
    return counts;
  }
}
