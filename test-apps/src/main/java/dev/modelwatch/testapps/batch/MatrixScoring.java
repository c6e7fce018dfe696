package dev.modelwatch.testapps.batch;

import java.io.InputStream;

/**
 * A batch scorer shaped like XGBoost4J's {@code Booster.predict}: rows in, {@code
 * float[rows][outputs]} out. Arguments: the number of batches and rows per batch. Scores them,
 * prints {@code SCORED batches=B rows=R}, then waits until standard input closes (so a test can
 * read the agent's metrics) and returns.
 */
public final class MatrixScoring {
  private MatrixScoring() {}

  /** Regression: one output column per row. */
  public static final class Regressor {
    public float[][] predict(float[][] rows) {
      float[][] out = new float[rows.length][1];
      for (int r = 0; r < rows.length; r++) {
        out[r][0] = score(rows[r]);
      }
      return out;
    }
  }

  /** Classification: one probability per class (3 classes) per row, as double[][]. */
  public static final class Classifier {
    public double[][] predict(double[][] rows) {
      double[][] out = new double[rows.length][3];
      for (int r = 0; r < rows.length; r++) {
        int best = classOf(rows[r][0]);
        for (int c = 0; c < 3; c++) {
          out[r][c] = c == best ? 0.75 : 0.125;
        }
      }
      return out;
    }
  }

  /** The regression score of a row; public so a test can compute what the agent should see. */
  public static float score(float[] row) {
    return 0.5f * row[0] + 0.25f * row[1];
  }

  /** The class the classifier gives a row whose first value is {@code x}. */
  public static int classOf(double x) {
    return (int) x % 3;
  }

  /** Row {@code i}'s values: {@code i % 10} and {@code i % 4}. */
  public static float[] row(int i) {
    return new float[] {i % 10, i % 4};
  }

  public static void main(String[] args) throws Exception {
    int batches = Integer.parseInt(args[0]);
    int rowsPerBatch = Integer.parseInt(args[1]);
    Regressor regressor = new Regressor();
    Classifier classifier = new Classifier();
    int i = 0;
    for (int b = 0; b < batches; b++) {
      float[][] rows = new float[rowsPerBatch][];
      double[][] wide = new double[rowsPerBatch][];
      for (int r = 0; r < rowsPerBatch; r++, i++) {
        rows[r] = row(i);
        wide[r] = new double[] {rows[r][0], rows[r][1]};
      }
      regressor.predict(rows);
      classifier.predict(wide);
    }
    System.out.println("SCORED batches=" + batches + " rows=" + i);
    System.out.flush();
    InputStream in = System.in;
    byte[] buffer = new byte[64];
    while (in.read(buffer) >= 0) {
      // until the test closes standard input
    }
  }
}
