package dev.modelwatch.agent.record;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters keyed by a label value that comes from data or code (an exception class, a category),
 * capped at {@code limit} distinct values; the rest are counted under {@value #OTHER}, so a
 * hostile or buggy input cannot grow the series count without bound.
 */
public final class LabelCounts {
  public static final String OTHER = "__other__";

  private final ConcurrentHashMap<String, LongAdder> counts = new ConcurrentHashMap<>();
  private final int limit;

  public LabelCounts(int limit) {
    this.limit = limit;
  }

  public void increment(String value) {
    LongAdder adder = counts.get(value);
    if (adder == null) {
      adder = counts.size() < limit ? counts.computeIfAbsent(value, v -> new LongAdder()) : other();
    }
    adder.increment();
  }

  private LongAdder other() {
    return counts.computeIfAbsent(OTHER, v -> new LongAdder());
  }

  public Map<String, LongAdder> counts() {
    return counts;
  }
}
