package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DJL predictors whose model name no configured model selects: counted, not recorded. */
class DjlUnmatchedModelTest {
  static final String MAIN = DjlServerAgentTest.MAIN;
  static final String FEATURES = DjlServerAgentTest.FEATURES;

  @Test
  void predictorsOfAnotherModelNameAreCountedAsUnmatched(@TempDir Path dir) throws Exception {
    String config =
        "models:\n  - name: other\n    intercept: {library: djl, model_name: other}\n" + FEATURES;
    try (AgentedServer app =
        AgentedServer.start(MAIN, config, List.of("--model-dir", dir.toString()))) {
      TrafficResult traffic =
          DjlServerAgentTest.run(app, new TrafficGenerator.Options().rows(40).batch(2).seed(47));
      Scrape scrape = app.scrape();
      assertEquals(20, traffic.modelCalls());
      assertEquals(20, scrape.value("modelwatch_agent_unmatched_calls_total", "library", "djl"));
      assertEquals(
          0,
          scrape.has("model_predictions_total", "model", "other")
              ? scrape.value("model_predictions_total", "model", "other")
              : 0);
      assertTrue(
          app.server().stderr().contains("djl calls on model 'wine' match no configured model"),
          app.server().stderr());
    }
  }

  /**
   * An unmatched outer call must not shadow what runs inside it: DJL's predictor (configured under
   * another name) calls ONNX Runtime, whose session is configured, and each of those is recorded.
   */
  @Test
  void anUnmatchedDjlCallDoesNotHideTheOnnxRuntimeCallInsideIt(@TempDir Path dir) throws Exception {
    String config =
        "models:\n  - name: other\n    intercept: {library: djl, model_name: other}\n"
            + FEATURES
            + "  - name: wine-session\n    intercept: {library: onnxruntime, model_path: \"*/wine.onnx\"}\n"
            + "    features: [{name: alcohol, index: 10}]\n";
    try (AgentedServer app =
        AgentedServer.start(MAIN, config, List.of("--model-dir", dir.toString()))) {
      TrafficResult traffic =
          DjlServerAgentTest.run(app, new TrafficGenerator.Options().rows(40).batch(2).seed(48));
      Scrape scrape = app.scrape();
      assertEquals(20, traffic.modelCalls());
      assertEquals(20, scrape.value("modelwatch_agent_unmatched_calls_total", "library", "djl"));
      assertEquals(20, scrape.value("model_predictions_total", "model", "wine-session"));
      assertEquals(
          40,
          scrape.value("model_feature_value_count", "model", "wine-session", "feature", "alcohol"));
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
    }
  }
}
