package dev.modelwatch.agent.embedding;

import dev.modelwatch.agent.record.CellLayout;
import dev.modelwatch.agent.record.Cells;
import dev.modelwatch.config.EmbeddingConfig;
import dev.modelwatch.config.baseline.EmbeddingCentroids;

/**
 * One embedding of a model at run time: what a vector turns into on the prediction thread. Per
 * vector of dimension d with k baseline centroids: its Euclidean norm (d multiply-adds), the index
 * of the nearest centroid (k d multiply-adds: the smallest {@code |c|^2 / 2 - v.c}, which orders
 * centroids as the Euclidean distance does), and an add of the vector into the writer's running sum
 * (d adds into double cells), with no allocation. The sum, read by scrapes and the drift window
 * like any other cell, gives the window's mean vector.
 *
 * <p>The dimension is the baseline's, else the configured one; a vector of another length is not
 * recorded. Without either, the norm alone is recorded (any length), and without a baseline no
 * cluster.
 */
public final class EmbeddingColumn {
  private final EmbeddingConfig config;
  private final boolean output;
  private final int normColumn;
  private final int clusterColumn;
  private final int dimension;

  /** Centroid c's values at {@code c * dimension}; null without a baseline. */
  private final double[] centroids;

  private final double[] halfSquaredNorms;

  /** First of {@code dimension} double slots holding the running sum, or -1 (no dimension). */
  private final int sum;

  /** Vectors added into the sum, or -1. */
  private final int count;

  /**
   * @param normColumn,clusterColumn the indices of the embedding's two columns among the model's
   *     features (or outputs)
   * @param baseline the baseline's centroids and mean, or null
   */
  public EmbeddingColumn(
      EmbeddingConfig config,
      boolean output,
      int normColumn,
      int clusterColumn,
      EmbeddingCentroids baseline,
      CellLayout layout) {
    this.config = config;
    this.output = output;
    this.normColumn = normColumn;
    this.clusterColumn = clusterColumn;
    this.dimension = baseline != null ? baseline.dimension() : config.dimension();
    if (baseline != null) {
      int k = baseline.clusters();
      centroids = new double[k * dimension];
      halfSquaredNorms = new double[k];
      for (int c = 0; c < k; c++) {
        double[] centroid = baseline.centroid(c);
        System.arraycopy(centroid, 0, centroids, c * dimension, dimension);
        double squared = 0;
        for (double x : centroid) {
          squared += x * x;
        }
        halfSquaredNorms[c] = squared / 2;
      }
    } else {
      centroids = null;
      halfSquaredNorms = null;
    }
    if (dimension > 0) {
      sum = layout.doubles(dimension);
      count = layout.longs(1);
    } else {
      sum = -1;
      count = -1;
    }
  }

  public String name() {
    return config.name();
  }

  public EmbeddingConfig config() {
    return config;
  }

  /** True for an output of the model, false for an input feature. */
  public boolean output() {
    return output;
  }

  public int normColumn() {
    return normColumn;
  }

  public int clusterColumn() {
    return clusterColumn;
  }

  /** The vectors' length; 0 when neither the baseline nor the config tells it. */
  public int dimension() {
    return dimension;
  }

  /** True when the running sum is kept (a known dimension). */
  public boolean summed() {
    return sum >= 0;
  }

  /** The length of a {@code float[]} or {@code double[]}. */
  public static int length(Object vector) {
    return vector instanceof float[] ? ((float[]) vector).length : ((double[]) vector).length;
  }

  /** True when the vector has the embedding's dimension (any length when it has none). */
  public boolean fits(Object vector) {
    return dimension == 0 || length(vector) == dimension;
  }

  /** The Euclidean norm of a {@code float[]} or {@code double[]}. */
  public static double norm(Object vector) {
    double squared = 0;
    if (vector instanceof float[]) {
      for (float x : (float[]) vector) {
        squared += (double) x * x;
      }
    } else {
      for (double x : (double[]) vector) {
        squared += x * x;
      }
    }
    return Math.sqrt(squared);
  }

  /** The index of the nearest baseline centroid (the lowest on a tie), or -1 without a baseline. */
  public int nearest(Object vector) {
    if (centroids == null) {
      return -1;
    }
    return vector instanceof float[]
        ? nearest((float[]) vector, centroids, halfSquaredNorms)
        : nearest((double[]) vector, centroids, halfSquaredNorms);
  }

  /**
   * The centroid nearest to {@code v} in Euclidean distance among those flattened in {@code
   * centroids}, each {@code v.length} long, with {@code halfSquaredNorms[c] = |c|^2 / 2}; the
   * lowest index on a tie. The {@code baseline} command assigns training vectors with this same
   * rule.
   */
  static int nearest(float[] v, double[] centroids, double[] halfSquaredNorms) {
    int d = v.length;
    int best = 0;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int c = 0, offset = 0; c < halfSquaredNorms.length; c++, offset += d) {
      double dot = 0;
      for (int i = 0; i < d; i++) {
        dot += v[i] * centroids[offset + i];
      }
      double score = halfSquaredNorms[c] - dot;
      if (score < bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }

  static int nearest(double[] v, double[] centroids, double[] halfSquaredNorms) {
    int d = v.length;
    int best = 0;
    double bestScore = Double.POSITIVE_INFINITY;
    for (int c = 0, offset = 0; c < halfSquaredNorms.length; c++, offset += d) {
      double dot = 0;
      for (int i = 0; i < d; i++) {
        dot += v[i] * centroids[offset + i];
      }
      double score = halfSquaredNorms[c] - dot;
      if (score < bestScore) {
        bestScore = score;
        best = c;
      }
    }
    return best;
  }

  /** Adds a vector that {@link #fits} into this writer's running sum; plain writes. */
  public void add(long[] cells, Object vector) {
    if (sum < 0) {
      return;
    }
    if (vector instanceof float[]) {
      float[] v = (float[]) vector;
      for (int i = 0; i < v.length; i++) {
        Cells.addDouble(cells, sum + i, v[i]);
      }
    } else {
      double[] v = (double[]) vector;
      for (int i = 0; i < v.length; i++) {
        Cells.addDouble(cells, sum + i, v[i]);
      }
    }
    Cells.increment(cells, count);
  }

  /**
   * The running sum and then the number of vectors, out of summed cells: {@code dimension + 1}
   * values, cumulative since start.
   */
  public double[] cumulative(long[] summedCells) {
    double[] result = new double[dimension + 1];
    if (sum < 0) {
      return result;
    }
    for (int i = 0; i < dimension; i++) {
      result[i] = Double.longBitsToDouble(summedCells[sum + i]);
    }
    result[dimension] = summedCells[count];
    return result;
  }

  /** Why a vector of {@code length} values is not recorded, for the extraction error. */
  public String wrongLength(int length) {
    return (output ? "output" : "feature")
        + " '"
        + config.name()
        + "' (kind: embedding) got a vector of "
        + length
        + " values, but its dimension is "
        + dimension
        + (config.dimension() == dimension ? " (dimension in the config)" : " (the baseline's)")
        + "; the call's norm and cluster count as missing. Check that the baseline was made from"
        + " the same embedding model";
  }
}
