package dev.modelwatch.config.baseline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Training distribution of one categorical feature or output (classes of a classifier): the share
 * of each of the most frequent categories, with the rest folded into {@link #OTHER}, which is
 * always present so that live values of categories not listed have a bin. Shares sum to 1 over the
 * non-missing values; {@code count} is the number of non-missing values, {@code missingShare} the
 * share of rows where the value was missing.
 *
 * <p>Instances are immutable and keep the categories in the order given (most frequent first when
 * built from data). {@link #problems} reports what makes an instance invalid.
 */
public final class CategoricalDistribution {

  /** The category that stands for every category not listed by name. */
  public static final String OTHER = "__other__";

  private final Map<String, Double> shares;
  private final double missingShare;
  private final long count;
  private final EmbeddingCentroids embedding;

  public CategoricalDistribution(Map<String, Double> shares, double missingShare, long count) {
    this(shares, missingShare, count, null);
  }

  /**
   * @param embedding the training vectors' mean and centroids when this is the cluster column of an
   *     embedding ({@code <name>.cluster}), else null
   */
  public CategoricalDistribution(
      Map<String, Double> shares, double missingShare, long count, EmbeddingCentroids embedding) {
    this.embedding = embedding;
    this.shares =
        Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(shares, "shares")));
    this.missingShare = missingShare;
    this.count = count;
  }

  /** Category to share, in file order (unmodifiable). */
  public Map<String, Double> shares() {
    return shares;
  }

  /** The categories in order: the bins of this distribution. */
  public List<String> categories() {
    return new ArrayList<>(shares.keySet());
  }

  /** The shares in the order of {@link #categories()}. */
  public double[] shareArray() {
    double[] result = new double[shares.size()];
    int i = 0;
    for (Double share : shares.values()) {
      result[i++] = share;
    }
    return result;
  }

  public double missingShare() {
    return missingShare;
  }

  /** Number of non-missing values. */
  public long count() {
    return count;
  }

  /** The mean and centroids of an embedding's cluster column; null for other columns. */
  public EmbeddingCentroids embedding() {
    return embedding;
  }

  /** Everything that makes this distribution invalid, each prefixed with {@code path}. */
  public List<String> problems(String path) {
    List<String> problems = new ArrayList<>();
    if (shares.isEmpty()) {
      problems.add(
          path
              + ".categories: must list at least one category (use "
              + OTHER
              + ": 1.0 if the training data had none)");
    }
    if (!shares.isEmpty() && !shares.containsKey(OTHER)) {
      problems.add(
          path
              + ".categories: must include "
              + OTHER
              + " (the bin for categories not"
              + " listed; "
              + OTHER
              + ": 0.0 if the training data had no others)");
    }
    double sum = 0;
    boolean allValid = true;
    for (Map.Entry<String, Double> entry : shares.entrySet()) {
      Double share = entry.getValue();
      if (share == null || !(share >= 0 && share <= 1)) {
        problems.add(
            path + ".categories." + entry.getKey() + ": must be in [0, 1], found " + share);
        allValid = false;
      } else {
        sum += share;
      }
    }
    if (allValid && !shares.isEmpty() && Math.abs(sum - 1) > ShareChecks.SUM_TOLERANCE) {
      problems.add(
          path
              + ".categories: shares must sum to 1 (within "
              + ShareChecks.SUM_TOLERANCE
              + "), but the sum is "
              + sum);
    }
    ShareChecks.checkShare(path + ".missing_share", missingShare, problems);
    if (count < 0) {
      problems.add(path + ".count: must be >= 0, found " + count);
    }
    if (embedding != null) {
      problems.addAll(embedding.problems(path + ".embedding", this));
    }
    return problems;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof CategoricalDistribution)) {
      return false;
    }
    CategoricalDistribution other = (CategoricalDistribution) o;
    // categories are bins, so their order matters
    return new ArrayList<>(shares.entrySet()).equals(new ArrayList<>(other.shares.entrySet()))
        && Double.compare(missingShare, other.missingShare) == 0
        && count == other.count
        && Objects.equals(embedding, other.embedding);
  }

  @Override
  public int hashCode() {
    return Objects.hash(shares, missingShare, count, embedding);
  }

  @Override
  public String toString() {
    return "CategoricalDistribution{shares="
        + shares
        + ", missingShare="
        + missingShare
        + ", count="
        + count
        + (embedding == null ? "" : ", embedding=" + embedding)
        + "}";
  }
}
