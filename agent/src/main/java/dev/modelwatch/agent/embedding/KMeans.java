package dev.modelwatch.agent.embedding;

import java.util.Random;

/**
 * k-means of training vectors for an embedding's baseline: k-means++ seeding (Arthur and
 * Vassilvitskii 2007) from {@code java.util.Random} with a fixed seed, then Lloyd's iterations
 * until no vector changes its cluster (at most {@link #MAX_ITERATIONS}). The same data and k always
 * give the same centroids. A cluster left empty keeps its centroid. Vectors are assigned to their
 * nearest centroid by the rule the agent applies to live vectors ({@link EmbeddingColumn}).
 */
public final class KMeans {
  /** The seed of the k-means++ draws. */
  public static final long SEED = 42;

  public static final int MAX_ITERATIONS = 100;

  private final double[][] centroids;
  private final long[] counts;
  private final int iterations;

  private KMeans(double[][] centroids, long[] counts, int iterations) {
    this.centroids = centroids;
    this.counts = counts;
    this.iterations = iterations;
  }

  /**
   * Clusters {@code vectors} (all of one length, at least one) into {@code k} clusters; fewer when
   * there are fewer distinct vectors than k is not attempted: k-means++ then repeats a vector,
   * whose second cluster stays empty.
   */
  public static KMeans fit(float[][] vectors, int k) {
    int n = vectors.length;
    int d = vectors[0].length;
    Random random = new Random(SEED);
    double[] flat = new double[k * d];
    // k-means++: the first centroid uniformly, each next one with probability proportional to the
    // squared distance to the nearest centroid chosen so far
    double[] nearest = new double[n];
    java.util.Arrays.fill(nearest, Double.POSITIVE_INFINITY);
    int chosen = random.nextInt(n);
    for (int c = 0; c < k; c++) {
      for (int i = 0; i < d; i++) {
        flat[c * d + i] = vectors[chosen][i];
      }
      double total = 0;
      for (int v = 0; v < n; v++) {
        double distance = 0;
        for (int i = 0; i < d; i++) {
          double diff = vectors[v][i] - flat[c * d + i];
          distance += diff * diff;
        }
        nearest[v] = Math.min(nearest[v], distance);
        total += nearest[v];
      }
      if (total <= 0) {
        chosen = random.nextInt(n);
        continue;
      }
      double target = random.nextDouble() * total;
      chosen = n - 1;
      for (int v = 0; v < n; v++) {
        target -= nearest[v];
        if (target < 0) {
          chosen = v;
          break;
        }
      }
    }
    int[] assignment = new int[n];
    java.util.Arrays.fill(assignment, -1);
    long[] counts = new long[k];
    int iteration = 0;
    while (iteration < MAX_ITERATIONS) {
      iteration++;
      double[] halfSquaredNorms = halfSquaredNorms(flat, k, d);
      boolean changed = false;
      java.util.Arrays.fill(counts, 0);
      for (int v = 0; v < n; v++) {
        int c = EmbeddingColumn.nearest(vectors[v], flat, halfSquaredNorms);
        changed |= c != assignment[v];
        assignment[v] = c;
        counts[c]++;
      }
      if (!changed) {
        break;
      }
      double[] sums = new double[k * d];
      for (int v = 0; v < n; v++) {
        int offset = assignment[v] * d;
        for (int i = 0; i < d; i++) {
          sums[offset + i] += vectors[v][i];
        }
      }
      for (int c = 0; c < k; c++) {
        if (counts[c] > 0) {
          for (int i = 0; i < d; i++) {
            flat[c * d + i] = sums[c * d + i] / counts[c];
          }
        }
      }
    }
    double[][] centroids = new double[k][d];
    for (int c = 0; c < k; c++) {
      System.arraycopy(flat, c * d, centroids[c], 0, d);
    }
    return new KMeans(centroids, counts, iteration);
  }

  static double[] halfSquaredNorms(double[] flat, int k, int d) {
    double[] result = new double[k];
    for (int c = 0; c < k; c++) {
      double squared = 0;
      for (int i = 0; i < d; i++) {
        squared += flat[c * d + i] * flat[c * d + i];
      }
      result[c] = squared / 2;
    }
    return result;
  }

  public double[][] centroids() {
    return centroids;
  }

  /** Training vectors whose nearest centroid is each of {@link #centroids()}. */
  public long[] counts() {
    return counts.clone();
  }

  /** Lloyd's iterations run (the last one changed no assignment, unless the cap was reached). */
  public int iterations() {
    return iterations;
  }
}
