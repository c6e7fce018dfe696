package dev.modelwatch.agent.baseline;

import dev.modelwatch.config.baseline.CategoricalDistribution;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Counts the values (trimmed) of one categorical column. */
final class CategoricalAccumulator {

  private final Map<String, long[]> counts = new HashMap<>();
  private long present;
  private long missing;

  void accept(String raw) {
    if (MissingValues.isMissing(raw)) {
      missing++;
      return;
    }
    counts.computeIfAbsent(raw.trim(), k -> new long[1])[0]++;
    present++;
  }

  long present() {
    return present;
  }

  long missing() {
    return missing;
  }

  /** Number of distinct categories seen. */
  int distinct() {
    return counts.size();
  }

  /**
   * The {@code topK} most frequent categories (ties by name) with their shares, then {@link
   * CategoricalDistribution#OTHER} with the share of all the rest (0 when there is no rest, and
   * also holding a category literally named {@code __other__}). Requires at least one value.
   */
  CategoricalDistribution toDistribution(int topK, long rows) {
    List<Map.Entry<String, long[]>> entries = new ArrayList<>(counts.entrySet());
    entries.removeIf(e -> e.getKey().equals(CategoricalDistribution.OTHER));
    entries.sort(
        (a, b) ->
            a.getValue()[0] != b.getValue()[0]
                ? Long.compare(b.getValue()[0], a.getValue()[0])
                : a.getKey().compareTo(b.getKey()));
    Map<String, Double> shares = new LinkedHashMap<>();
    long named = 0;
    for (int i = 0; i < Math.min(topK, entries.size()); i++) {
      long count = entries.get(i).getValue()[0];
      shares.put(entries.get(i).getKey(), (double) count / present);
      named += count;
    }
    shares.put(CategoricalDistribution.OTHER, (double) (present - named) / present);
    return new CategoricalDistribution(shares, rows == 0 ? 0 : (double) missing / rows, present);
  }
}
