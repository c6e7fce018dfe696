package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.batch.MatrixScoring;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Outputs of type {@code float[rows][outputs]} / {@code double[rows][outputs]}, as XGBoost4J's
 * {@code Booster.predict} returns them: one output row per input row; regression reads its column,
 * classification the arg-max of each row with its score as the confidence.
 */
class MatrixOutputTest {
  private static final int BATCHES = 20;
  private static final int ROWS = 7;
  private static final double[] SCORE_BOUNDS = {1, 2, 3, 4, 5};
  private static final Pattern SCORED = Pattern.compile("SCORED batches=(\\d+) rows=(\\d+)");

  @Test
  void twoDimensionalResultsAreReadAsOneOutputRowPerInputRow() throws Exception {
    String config =
        String.join(
            "\n",
            "models:",
            "  - name: regressor",
            "    intercept:",
            "      class: " + MatrixScoring.Regressor.class.getName(),
            "      method: predict",
            "      parameters: ['float[][]']",
            "    features: [{name: a, index: 0}, {name: b, index: 1}]",
            "    outputs: [{name: score, kind: regression, buckets: [1, 2, 3, 4, 5]}]",
            "  - name: classifier",
            "    intercept:",
            "      class: " + MatrixScoring.Classifier.class.getName(),
            "      method: predict",
            "      parameters: ['double[][]']",
            "    outputs: [{name: label, kind: classification}]",
            "");
    Path file = AgentedServer.writeConfig(config);
    ScoringProgram.Result result =
        ScoringProgram.run(
            ForkedServer.javaExecutable(),
            MatrixScoring.class.getName(),
            List.of(AgentJar.javaagent("config=" + file + ",port=0")),
            List.of(Integer.toString(BATCHES), Integer.toString(ROWS)),
            SCORED,
            true);
    int rows = BATCHES * ROWS;
    assertEquals(rows, result.number(2));

    double scoreSum = 0;
    long[] atMost = new long[SCORE_BOUNDS.length];
    long[] classes = new long[3];
    for (int i = 0; i < rows; i++) {
      float[] row = MatrixScoring.row(i);
      double score = MatrixScoring.score(row);
      scoreSum += score;
      for (int b = 0; b < SCORE_BOUNDS.length; b++) {
        atMost[b] += score <= SCORE_BOUNDS[b] ? 1 : 0;
      }
      classes[MatrixScoring.classOf(row[0])]++;
    }

    Scrape scrape = result.scrape;
    assertEquals(BATCHES, scrape.value("model_predictions_total", "model", "regressor"));
    assertEquals(BATCHES, scrape.value("model_predictions_total", "model", "classifier"));
    assertEquals(
        rows, scrape.value("model_output_value_count", "model", "regressor", "output", "score"));
    assertEquals(
        scoreSum, scrape.value("model_output_value_sum", "model", "regressor", "output", "score"));
    for (int b = 0; b < SCORE_BOUNDS.length; b++) {
      assertEquals(
          atMost[b],
          scrape.value(
              "model_output_value_bucket",
              "model",
              "regressor",
              "output",
              "score",
              "le",
              Double.toString(SCORE_BOUNDS[b])));
    }
    for (int c = 0; c < 3; c++) {
      assertEquals(
          classes[c],
          scrape.value(
              "model_output_class_total",
              "model",
              "classifier",
              "output",
              "label",
              "class",
              Integer.toString(c)));
    }
    assertEquals(
        rows, scrape.value("model_output_value_count", "model", "classifier", "output", "label"));
    assertEquals(
        0.75 * rows,
        scrape.value("model_output_value_sum", "model", "classifier", "output", "label"));
    assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
    assertFalse(result.stderr.contains("[F"), result.stderr);
  }
}
