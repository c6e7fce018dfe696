package dev.modelwatch.testapps.startup;

/** The model of the start-up test applications: a weighted sum of two features. */
public final class BatchScorer {
  public double score(double[] row) {
    return 0.5 * row[0] + 2.0 * row[1];
  }
}
