package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.onnx.OnnxModelServer;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import dev.modelwatch.testapps.tribuo.WineModels;
import dev.modelwatch.testapps.tribuo.WineOnnxExport;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ONNX Runtime model configured without features records every column of its {@code [N, 12]}
 * input, named {@code float_input[i]} after the model's input, with exact counts, in single and
 * batch calls.
 */
class OnnxFeatureDiscoveryTest {
  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: wine",
          "    intercept: {library: onnxruntime, model_path: \"*/wine.onnx\"}",
          "    outputs: [{name: quality, kind: regression, output: quality}]",
          "");

  @Test
  void everyColumnOfTheInputIsRecordedUnderTheInputsName(@TempDir Path dir) throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            OnnxModelServer.class.getName(), CONFIG, List.of("--model-dir", dir.toString()))) {
      TrafficResult single =
          OnnxServerAgentTest.run(
              app, new TrafficGenerator.Options().rows(150).threads(2).seed(41));
      TrafficResult batch =
          OnnxServerAgentTest.run(
              app,
              new TrafficGenerator.Options()
                  .mode(TrafficMode.BATCH)
                  .batch(20)
                  .rows(200)
                  .threads(2)
                  .seed(42));
      ExpectedWineMetrics expected = ExpectedWineMetrics.of(single, batch);
      Scrape scrape = app.scrape();
      assertEquals(350, expected.rowCount());
      for (int column = 0; column < WineData.COLUMNS; column++) {
        OnnxServerAgentTest.assertFeature(scrape, expected, "float_input[" + column + "]", column);
      }
      assertTrue(
          !scrape.has("model_feature_value_count", "model", "wine", "feature", "float_input[12]"));
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
      assertTrue(
          app.server()
              .stderr()
              .contains(
                  "model 'wine': discovered 12 input feature(s) from the ONNX model's inputs"),
          app.server().stderr());
    }
  }

  @Test
  void featureNamesInTheModelsMetadataNameTheColumns(@TempDir Path dir) throws Exception {
    WineOnnxExport.export(
        WineModels.loadOrTrain(dir, WineModels.Task.REGRESSION),
        dir.resolve(WineOnnxExport.REGRESSION_FILE),
        true);
    try (AgentedServer app =
        AgentedServer.start(
            OnnxModelServer.class.getName(), CONFIG, List.of("--model-dir", dir.toString()))) {
      TrafficResult traffic =
          OnnxServerAgentTest.run(
              app, new TrafficGenerator.Options().rows(120).threads(2).seed(45));
      ExpectedWineMetrics expected = ExpectedWineMetrics.of(traffic);
      Scrape scrape = app.scrape();
      for (int column = 0; column < WineData.COLUMNS; column++) {
        OnnxServerAgentTest.assertFeature(
            scrape, expected, WineData.FEATURE_NAMES.get(column), column);
      }
      assertTrue(
          !scrape.has("model_feature_value_count", "model", "wine", "feature", "float_input[0]"));
      assertTrue(
          app.server()
              .stderr()
              .contains(
                  "model 'wine': discovered 12 input feature(s) from the ONNX model's"
                      + " inputs (its feature_names metadata, else INPUT[i] per column of an [N, k] input): fixed_acidity,"
                      + " volatile_acidity, citric_acid"),
          app.server().stderr());
    }
  }

  @Test
  void aBaselineFileIsMatchedAgainstTheDiscoveredNames(@TempDir Path dir) throws Exception {
    // a baseline of two of the discovered columns, by their discovered names
    StringBuilder csv = new StringBuilder("float_input[10],float_input[8],quality\n");
    WineData data = new WineData(43);
    for (int i = 0; i < 2000; i++) {
      float[] row = data.nextRow();
      csv.append(row[WineData.ALCOHOL_INDEX])
          .append(',')
          .append(row[WineData.PH_INDEX])
          .append(",5.5\n");
    }
    Path training = dir.resolve("train.csv");
    java.nio.file.Files.writeString(training, csv);
    Path baseline = dir.resolve("wine-baseline.yaml");
    CommandLineTest.Result made =
        CommandLineTest.run(
            "baseline",
            "--data",
            training.toString(),
            "--model",
            "wine",
            "--features",
            "float_input[10],float_input[8]",
            "--outputs",
            "quality",
            "--out",
            baseline.toString());
    assertEquals(0, made.exit, made.output);
    String config = CONFIG + "    baseline: '" + baseline + "'\n";
    try (AgentedServer app =
        AgentedServer.start(
            OnnxModelServer.class.getName(), config, List.of("--model-dir", dir.toString()))) {
      OnnxServerAgentTest.run(app, new TrafficGenerator.Options().rows(150).threads(2).seed(44));
      Scrape scrape = app.scrape();
      assertTrue(
          scrape
              .text()
              .contains(
                  "model_feature_baseline_ratio{feature=\"float_input[10]\",model=\"wine\",upper=\"+Inf\"} 1.0"),
          scrape.text());
      assertTrue(
          scrape.has(
              "model_feature_drift",
              "model",
              "wine",
              "feature",
              "float_input[10]",
              "statistic",
              "psi"),
          scrape.text());
      assertTrue(
          !scrape.text().contains("model_feature_drift{feature=\"float_input[0]\""),
          "no drift for columns the baseline does not have");
      assertEquals(
          0,
          scrape.value("modelwatch_agent_errors_total", "stage", "config"),
          app.server().stderr());
    }
  }
}
