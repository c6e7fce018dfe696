package dev.modelwatch.config.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The training vectors of an embedding, as the baseline of its {@code <name>.cluster} column keeps
 * them: their mean, and the k-means centroids whose indices ({@code "0"} to {@code "k-1"}) are the
 * column's categories. The agent assigns each live vector to its nearest centroid (Euclidean), and
 * compares the window's mean vector with {@link #mean()} by cosine distance. Immutable.
 */
public final class EmbeddingCentroids {
  private final double[] mean;
  private final double[][] centroids;

  public EmbeddingCentroids(double[] mean, double[][] centroids) {
    this.mean = Objects.requireNonNull(mean, "mean").clone();
    this.centroids = new double[centroids.length][];
    for (int c = 0; c < centroids.length; c++) {
      this.centroids[c] = Objects.requireNonNull(centroids[c], "centroid").clone();
    }
  }

  /** The length of every vector. */
  public int dimension() {
    return mean.length;
  }

  /** The mean of the training vectors. */
  public double[] mean() {
    return mean.clone();
  }

  /** The number of centroids, k. */
  public int clusters() {
    return centroids.length;
  }

  /** Centroid {@code c}, whose category is {@code Integer.toString(c)}. */
  public double[] centroid(int c) {
    return centroids[c].clone();
  }

  /** Everything that makes these centroids invalid for {@code shares}, each prefixed with path. */
  List<String> problems(String path, CategoricalDistribution shares) {
    List<String> problems = new ArrayList<>();
    if (mean.length == 0) {
      problems.add(path + ".mean: must hold the mean vector (at least one value)");
    }
    if (!allFinite(mean)) {
      problems.add(path + ".mean: every value must be a finite number");
    }
    if (centroids.length == 0) {
      problems.add(path + ".centroids: must list at least one centroid");
    }
    for (int c = 0; c < centroids.length; c++) {
      if (centroids[c].length != mean.length) {
        problems.add(
            path
                + ".centroids["
                + c
                + "]: has "
                + centroids[c].length
                + " values, but the mean has "
                + mean.length
                + "; every vector has the same dimension");
      } else if (!allFinite(centroids[c])) {
        problems.add(path + ".centroids[" + c + "]: every value must be a finite number");
      }
    }
    List<String> expected = new ArrayList<>();
    for (int c = 0; c < centroids.length; c++) {
      expected.add(Integer.toString(c));
    }
    expected.add(CategoricalDistribution.OTHER);
    if (!shares.categories().equals(expected)) {
      problems.add(
          path
              + ".categories: an embedding's cluster column lists one category per centroid, "
              + expected
              + ", found "
              + shares.categories()
              + "; regenerate the baseline with the baseline command");
    }
    return problems;
  }

  private static boolean allFinite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof EmbeddingCentroids)) {
      return false;
    }
    EmbeddingCentroids other = (EmbeddingCentroids) o;
    return Arrays.equals(mean, other.mean) && Arrays.deepEquals(centroids, other.centroids);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.deepHashCode(centroids);
  }

  @Override
  public String toString() {
    return "EmbeddingCentroids{dimension=" + mean.length + ", clusters=" + centroids.length + "}";
  }
}
