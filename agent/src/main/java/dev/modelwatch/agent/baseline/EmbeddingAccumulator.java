package dev.modelwatch.agent.baseline;

import dev.modelwatch.agent.embedding.EmbeddingColumn;
import dev.modelwatch.agent.embedding.KMeans;
import dev.modelwatch.config.baseline.CategoricalDistribution;
import dev.modelwatch.config.baseline.EmbeddingCentroids;
import dev.modelwatch.config.baseline.NumericDistribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collects the training vectors of one embedding column (4 bytes per value): each is a field of
 * numbers separated by blanks or commas, optionally in brackets ({@code "0.12 -0.5 0.33"}, {@code
 * "[0.12, -0.5, 0.33]"}). At the end: the distribution of their norms ({@code <name>.norm}), and
 * their k-means clusters ({@code <name>.cluster}: the share of each centroid, with the centroids
 * and the mean vector).
 */
final class EmbeddingAccumulator {
  private final int clusters;
  private final NumericAccumulator norms = new NumericAccumulator();
  private final List<float[]> vectors = new ArrayList<>();
  private long missing;

  EmbeddingAccumulator(int clusters) {
    this.clusters = clusters;
  }

  /** Adds one raw field; returns why it is not a vector, or null when accepted. */
  String accept(String raw) {
    if (MissingValues.isMissing(raw)) {
      missing++;
      norms.accept(Double.NaN);
      return null;
    }
    String text = raw.trim();
    if (text.startsWith("[") && text.endsWith("]")) {
      text = text.substring(1, text.length() - 1).trim();
    }
    String[] parts = text.split("[\\s,]+");
    float[] vector = new float[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        vector[i] = Float.parseFloat(parts[i]);
      } catch (NumberFormatException e) {
        return "value "
            + (i + 1)
            + " of the vector is not a number; an embedding's field holds numbers separated by"
            + " blanks or commas";
      }
      if (!Float.isFinite(vector[i])) {
        return "value " + (i + 1) + " of the vector is not finite";
      }
    }
    if (!vectors.isEmpty() && vector.length != vectors.get(0).length) {
      return "a vector of "
          + vector.length
          + " values, but the first one had "
          + vectors.get(0).length
          + "; every vector of an embedding has the same dimension";
    }
    vectors.add(vector);
    norms.accept(EmbeddingColumn.norm(vector));
    return null;
  }

  long present() {
    return vectors.size();
  }

  NumericDistribution norms(int bins, long rows) {
    return norms.toDistribution(bins, rows);
  }

  /** The cluster shares with the centroids and mean; at least one vector. */
  CategoricalDistribution clusters(long rows) {
    float[][] data = vectors.toArray(new float[0][]);
    int k = Math.min(clusters, data.length);
    KMeans kMeans = KMeans.fit(data, k);
    long[] counts = kMeans.counts();
    Map<String, Double> shares = new LinkedHashMap<>();
    for (int c = 0; c < k; c++) {
      shares.put(Integer.toString(c), (double) counts[c] / data.length);
    }
    shares.put(CategoricalDistribution.OTHER, 0.0);
    int d = data[0].length;
    double[] mean = new double[d];
    for (float[] vector : data) {
      for (int i = 0; i < d; i++) {
        mean[i] += vector[i];
      }
    }
    for (int i = 0; i < d; i++) {
      mean[i] /= data.length;
    }
    return new CategoricalDistribution(
        shares,
        rows == 0 ? 0 : (double) missing / rows,
        data.length,
        new EmbeddingCentroids(mean, kMeans.centroids()));
  }
}
