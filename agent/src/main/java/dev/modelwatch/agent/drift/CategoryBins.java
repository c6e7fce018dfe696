package dev.modelwatch.agent.drift;

import dev.modelwatch.agent.record.LabelCounts;
import dev.modelwatch.config.baseline.CategoricalDistribution;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Live category counts folded onto a baseline's categories: each category the baseline names is
 * its own bin, and every other live category (including the counter's own {@code __other__}
 * overflow) goes to the baseline's {@code __other__} bin.
 */
final class CategoryBins implements CumulativeCounts {
  private final LabelCounts counts;
  private final Map<String, Integer> bins = new HashMap<>();
  private final int size;
  private final int other;

  /** @param categories the baseline's categories, which include {@code __other__} */
  CategoryBins(LabelCounts counts, List<String> categories) {
    this.counts = counts;
    for (int i = 0; i < categories.size(); i++) {
      bins.put(categories.get(i), i);
    }
    Integer otherBin = bins.get(CategoricalDistribution.OTHER);
    if (otherBin == null) {
      throw new IllegalArgumentException("baseline categories " + categories + " lack "
          + CategoricalDistribution.OTHER);
    }
    this.size = categories.size();
    this.other = otherBin;
  }

  /** Reads the live counters; the summed cells hold no category counts. */
  @Override
  public long[] read(long[] summedCells) {
    long[] result = new long[size];
    for (Map.Entry<String, LongAdder> entry : counts.counts().entrySet()) {
      Integer bin = bins.get(entry.getKey());
      result[bin == null ? other : bin] += entry.getValue().sum();
    }
    return result;
  }
}
