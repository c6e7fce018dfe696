package dev.modelwatch.agent.drift;

import dev.modelwatch.agent.record.CategoryCounts;
import dev.modelwatch.config.baseline.CategoricalDistribution;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Live category counts folded onto a baseline's categories: each category the baseline names is its
 * own bin, and every other live category (including the counter's own {@code __other__} overflow)
 * goes to the baseline's {@code __other__} bin.
 */
final class CategoryBins implements CumulativeCounts {
  private final CategoryCounts counts;
  private final Map<String, Integer> bins = new HashMap<>();
  private final int size;
  private final int other;

  /**
   * @param categories the baseline's categories, which include {@code __other__}
   */
  CategoryBins(CategoryCounts counts, List<String> categories) {
    this.counts = counts;
    for (int i = 0; i < categories.size(); i++) {
      bins.put(categories.get(i), i);
    }
    Integer otherBin = bins.get(CategoricalDistribution.OTHER);
    if (otherBin == null) {
      throw new IllegalArgumentException(
          "baseline categories " + categories + " lack " + CategoricalDistribution.OTHER);
    }
    this.size = categories.size();
    this.other = otherBin;
  }

  /** Reads the category counts out of the same summed cells as every other column's. */
  @Override
  public long[] read(long[] summedCells) {
    long[] result = new long[size];
    for (Map.Entry<String, Long> entry : counts.counts(summedCells).entrySet()) {
      Integer bin = bins.get(entry.getKey());
      result[bin == null ? other : bin] += entry.getValue();
    }
    return result;
  }
}
