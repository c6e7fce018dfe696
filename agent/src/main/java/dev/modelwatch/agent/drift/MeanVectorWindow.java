package dev.modelwatch.agent.drift;

import dev.modelwatch.agent.embedding.EmbeddingColumn;

/**
 * The window's mean vector of an embedding, compared with the baseline's mean by cosine distance.
 * Like {@link DriftWindow}, over cumulative values: the embedding's running sum of vectors (summed
 * over writers) is snapshotted at each rotation into a ring of {@code slices + 1}, and the window's
 * sum is the sum now minus the snapshot taken {@code slices - 1} rotations ago, so it covers the
 * same stretch as the counts of the embedding's cluster column. Memory: {@code (slices + 1) x
 * (dimension + 1)} doubles. Synchronized by {@link ModelDrift}, which calls it.
 */
final class MeanVectorWindow {
  private final EmbeddingColumn embedding;
  private final double[] baselineMean;
  private double[][] snapshots;
  private int head;
  private int slices;

  MeanVectorWindow(EmbeddingColumn embedding, double[] baselineMean) {
    if (baselineMean.length != embedding.dimension()) {
      throw new IllegalArgumentException(
          "embedding '"
              + embedding.name()
              + "' has dimension "
              + embedding.dimension()
              + " but its baseline mean "
              + baselineMean.length);
    }
    this.embedding = embedding;
    this.baselineMean = baselineMean.clone();
  }

  void start(long[] summedCells, int slices) {
    this.slices = slices;
    double[] now = embedding.cumulative(summedCells);
    snapshots = new double[slices + 1][];
    for (int i = 0; i <= slices; i++) {
      snapshots[i] = now.clone();
    }
  }

  void rotate(long[] summedCells) {
    head = (head + 1) % (slices + 1);
    snapshots[head] = embedding.cumulative(summedCells);
  }

  /**
   * {@code 1 - cos} of the angle between the window's mean vector and the baseline's mean, in [0,
   * 2]; NaN when the window holds no vector (or only zero vectors).
   */
  double cosineDistance(long[] summedCells) {
    double[] now = embedding.cumulative(summedCells);
    double[] start = snapshots[(head - (slices - 1) + slices + 1) % (slices + 1)];
    int d = baselineMean.length;
    if (now[d] - start[d] <= 0) {
      return Double.NaN;
    }
    double[] window = new double[d];
    for (int i = 0; i < d; i++) {
      window[i] = now[i] - start[i];
    }
    return DriftStatistics.cosineDistance(window, baselineMean);
  }
}
