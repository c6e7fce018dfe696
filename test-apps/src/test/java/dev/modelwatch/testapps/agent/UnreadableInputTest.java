package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.batch.MatrixScoring;
import dev.modelwatch.testapps.djl.DjlMissingInputJob;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inputs the agent cannot read in full: an absent value is data (the row counts, its features are
 * missing, no agent error); a feature the config places beyond the row is one error, and the row's
 * other features are still recorded.
 */
class UnreadableInputTest {
  @Test
  void aNullElementOfADjlBatchIsARowOfMissingFeatures(@TempDir Path dir) throws Exception {
    String config =
        String.join(
            "\n",
            "models:",
            "  - name: wine",
            "    intercept: {library: djl}",
            "    features: [{name: alcohol, index: 10}, {name: fixed_acidity, index: 0}]",
            "");
    ScoringProgram.Result result =
        ScoringProgram.run(
            ForkedServer.javaExecutable(),
            DjlMissingInputJob.class.getName(),
            List.of(
                AgentJar.javaagent("config=" + AgentedServer.writeConfig(config) + ",port=0"),
                "-Dai.djl.offline=true"),
            List.of(dir.toString(), "30"),
            Pattern.compile("SCORED batches=(\\d+) rows=(\\d+) nulls=(\\d+)"),
            true);
    long rows = result.number(2);
    long nulls = result.number(3);
    assertEquals(90, rows);
    assertEquals(30, nulls);
    Scrape scrape = result.scrape;
    assertEquals(30, scrape.value("model_predictions_total", "model", "wine"));
    assertEquals(rows, scrape.value("model_batch_rows_sum", "model", "wine"));
    for (String feature : List.of("alcohol", "fixed_acidity")) {
      assertEquals(
          rows - nulls,
          scrape.value("model_feature_value_count", "model", "wine", "feature", feature));
      assertEquals(
          nulls, scrape.value("model_feature_missing_total", "model", "wine", "feature", feature));
    }
    assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
    assertFalse(result.stderr.contains("null"), result.stderr);
  }

  @Test
  void aFeatureBeyondTheRowIsOneErrorAndTheOthersAreRecorded() throws Exception {
    int batches = 12;
    int rowsPerBatch = 5;
    String config =
        String.join(
            "\n",
            "models:",
            "  - name: regressor",
            "    intercept:",
            "      class: " + MatrixScoring.Regressor.class.getName(),
            "      method: predict",
            "      parameters: ['float[][]']",
            "    features: [{name: a, index: 0}, {name: b, index: 1}, {name: c, index: 5}]",
            "");
    ScoringProgram.Result result =
        ScoringProgram.run(
            ForkedServer.javaExecutable(),
            MatrixScoring.class.getName(),
            List.of(AgentJar.javaagent("config=" + AgentedServer.writeConfig(config) + ",port=0")),
            List.of(Integer.toString(batches), Integer.toString(rowsPerBatch)),
            Pattern.compile("SCORED batches=(\\d+) rows=(\\d+)"),
            true);
    int rows = batches * rowsPerBatch;
    assertEquals(rows, result.number(2));
    double sumA = 0;
    double sumB = 0;
    for (int i = 0; i < rows; i++) {
      sumA += MatrixScoring.row(i)[0];
      sumB += MatrixScoring.row(i)[1];
    }
    Scrape scrape = result.scrape;
    assertEquals(rows, scrape.value("model_batch_rows_sum", "model", "regressor"));
    assertEquals(
        rows, scrape.value("model_feature_value_count", "model", "regressor", "feature", "a"));
    assertEquals(
        sumA, scrape.value("model_feature_value_sum", "model", "regressor", "feature", "a"));
    assertEquals(
        rows, scrape.value("model_feature_value_count", "model", "regressor", "feature", "b"));
    assertEquals(
        sumB, scrape.value("model_feature_value_sum", "model", "regressor", "feature", "b"));
    assertEquals(
        0, scrape.value("model_feature_value_count", "model", "regressor", "feature", "c"));
    assertEquals(
        rows, scrape.value("model_feature_missing_total", "model", "regressor", "feature", "c"));
    // one error per call that held an unreadable feature, logged once
    assertEquals(batches, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
    String expected = "feature 'c' reads index 5 of the input, but the input is a float[2]";
    assertTrue(result.stderr.contains(expected), result.stderr);
    assertEquals(
        result.stderr.indexOf(expected), result.stderr.lastIndexOf(expected), result.stderr);
  }
}
