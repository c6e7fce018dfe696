package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficResult;
import dev.modelwatch.testapps.traffic.WineChecks;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A config that does not fit the model: every value unreadable, every call still served. */
class OnnxExtractionErrorTest {
  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: wine",
          "    intercept: {library: onnxruntime, model_path: wine.onnx}",
          "    features:",
          "      - {name: alcohol, input: float_input, index: 20}",
          "    outputs:",
          "      - {name: quality, kind: regression, output: score}",
          "");

  @Test
  void unreadableInputsAndOutputsAreCountedAndNamedWhileEveryCallSucceeds(@TempDir Path dir)
      throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            OnnxServerAgentTest.MAIN, CONFIG, List.of("--model-dir", dir.toString()))) {
      TrafficResult traffic =
          OnnxServerAgentTest.run(app, new TrafficGenerator.Options().rows(60).batch(3).seed(61));
      assertEquals(20, traffic.ok());
      WineChecks.assertRegressionNearRelation(traffic, 0.15, 0.06);
      Scrape scrape = app.scrape();
      assertEquals(20, scrape.value("model_predictions_total", "model", "wine"));
      assertEquals(
          0, scrape.value("model_feature_value_count", "model", "wine", "feature", "alcohol"));
      assertEquals(
          0, scrape.value("model_output_value_count", "model", "wine", "output", "quality"));
      // one error for the inputs and one for the outputs of each call
      assertEquals(40, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
      String log = app.server().stderr();
      assertTrue(
          log.contains(
              "model 'wine': feature 'alcohol' reads index 20 of input 'float_input', but its rows have"
                  + " 12 elements (shape [3, 12])"),
          log);
      assertTrue(
          log.contains(
              "model 'wine': output 'quality' reads result value 'score', which the call did not"
                  + " return; check outputs[].output"),
          log);
    }
  }
}
