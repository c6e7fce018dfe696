package dev.modelwatch.agent.xgboost;

import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.ModelSpec;
import dev.modelwatch.extension.OutputExtractor;
import dev.modelwatch.extension.OutputSink;
import dev.modelwatch.extension.OutputSpec;
import java.util.List;

/**
 * Reads the outputs of an XGBoost prediction, a {@code float[rows][k]}, one value per row. A
 * regression output reads column {@code index} (default 0): the value, or a {@code binary:logistic}
 * probability. A classification output reads a row of {@code k >= 2} class scores ({@code
 * multi:softprob}) as the class with the largest score and that score as its confidence; a row of
 * one column as a probability of class 1 ({@code binary:logistic}: class 1 above 0.5, the chosen
 * class's probability as confidence) when it lies strictly between 0 and 1, or as a class number
 * without confidence when it is a whole number ({@code multi:softmax}). {@code key} may name the
 * classes in order ({@code "no,yes"}). Allocates nothing.
 */
final class XGBoostOutputExtractor implements OutputExtractor {
  private static final String[] NUMBERS = new String[256];

  static {
    for (int i = 0; i < NUMBERS.length; i++) {
      NUMBERS[i] = Integer.toString(i);
    }
  }

  private final String[] names;
  private final boolean[] classification;
  private final int[] columns;
  private final String[][] labels;
  private final String[] unsupported;

  XGBoostOutputExtractor(ModelSpec model) {
    List<? extends OutputSpec> outputs = model.outputs();
    int n = outputs.size();
    names = new String[n];
    classification = new boolean[n];
    columns = new int[n];
    labels = new String[n][];
    unsupported = new String[n];
    for (int o = 0; o < n; o++) {
      OutputSpec output = outputs.get(o);
      names[o] = output.name();
      classification[o] = output.classification();
      columns[o] = output.index() == null ? 0 : output.index();
      if (output.classification() && output.key() != null) {
        labels[o] = output.key().split(",", -1);
        for (int i = 0; i < labels[o].length; i++) {
          labels[o][i] = labels[o][i].trim();
        }
      }
      if (output.path() != null) {
        unsupported[o] = "path: " + output.path();
      } else if (!output.classification() && output.key() != null) {
        unsupported[o] = "key: " + output.key();
      }
    }
  }

  @Override
  public void extract(Object result, double primitiveResult, OutputSink sink)
      throws ExtractionException {
    if (!(result instanceof float[][])) {
      throw new ExtractionException(
          "XGBoost returned a "
              + ExtractionException.describe(result)
              + " where a float[rows][k] was expected; no output recorded");
    }
    float[][] rows = (float[][]) result;
    for (int o = 0; o < names.length; o++) {
      if (unsupported[o] != null) {
        throw new ExtractionException(
            "output '"
                + names[o]
                + "' gives "
                + unsupported[o]
                + ", but XGBoost's"
                + " float[rows][k] results are read by column: give index (and, for a classification output, key"
                + " with the class names in order)");
      }
      for (float[] row : rows) {
        if (row == null) {
          continue;
        }
        if (!classification[o]) {
          if (columns[o] >= row.length) {
            throw new ExtractionException(
                "output '"
                    + names[o]
                    + "' reads column "
                    + columns[o]
                    + ", but XGBoost"
                    + " returned a "
                    + ExtractionException.describe(rows)
                    + " of rows of "
                    + row.length
                    + " column(s); check outputs[].index");
          }
          sink.value(o, row[columns[o]]);
        } else if (row.length == 1) {
          single(sink, o, row[0]);
        } else {
          scores(sink, o, row);
        }
      }
    }
  }

  /** One column: a probability of class 1, or a class number. */
  private void single(OutputSink sink, int o, float value) throws ExtractionException {
    if (value > 0 && value < 1) {
      boolean positive = value > 0.5f;
      sink.predictedClass(o, label(o, positive ? 1 : 0), positive ? value : 1 - value);
    } else if (value >= 0 && value == Math.rint(value) && value < Integer.MAX_VALUE) {
      sink.predictedClass(o, label(o, (int) value), Double.NaN);
    } else if (value == value) {
      throw new ExtractionException(
          "output '"
              + names[o]
              + "' is a classification output, but XGBoost returned"
              + " one column whose values are neither probabilities (binary:logistic) nor class numbers"
              + " (multi:softmax): margins, perhaps (outputMargin, binary:logitraw); make it a regression output");
    }
  }

  private void scores(OutputSink sink, int o, float[] row) throws ExtractionException {
    int best = -1;
    float bestScore = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < row.length; i++) {
      if (row[i] > bestScore) {
        best = i;
        bestScore = row[i];
      }
    }
    if (best >= 0) {
      sink.predictedClass(o, label(o, best), bestScore);
    }
  }

  private String label(int o, int index) throws ExtractionException {
    String[] names = labels[o];
    if (names != null) {
      if (index >= names.length) {
        throw new ExtractionException(
            "output '"
                + this.names[o]
                + "' names "
                + names.length
                + " classes in key,"
                + " but XGBoost predicted class "
                + index
                + "; list every class in key, in order");
      }
      return names[index];
    }
    return index < NUMBERS.length ? NUMBERS[index] : Integer.toString(index);
  }
}
