package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.TribuoTraffic.MAIN;
import static dev.modelwatch.testapps.agent.TribuoTraffic.MODEL_DIR;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two Tribuo models of different classes in one JVM ({@code --task both}): each call is attributed
 * by {@code model_class}; calls of a model no config entry selects are counted as unmatched; an
 * output the extractor cannot read is an agent error that leaves the calls unaffected.
 */
class TribuoMultiModelTest {
  static final List<String> ARGS =
      List.of("--port", "0", "--model-dir", MODEL_DIR.toString(), "--task", "both");

  @Test
  void eachCallIsAttributedByModelClass() throws Exception {
    String config =
        String.join(
            "\n",
            "models:",
            "  - name: quality",
            "    intercept: {library: tribuo, model_class: org.tribuo.regression.sgd.linear.LinearSGDModel}",
            "    features: [{name: alcohol}]",
            "    outputs: [{name: quality, kind: regression}]",
            "  - name: quality-class",
            "    intercept: {library: tribuo, model_class: org.tribuo.common.sgd.AbstractLinearSGDModel}",
            "    features: [{name: alcohol}]",
            "    outputs: [{name: quality_class, kind: classification}]",
            "");
    try (AgentedServer app = AgentedServer.start(MAIN, config, ARGS)) {
      TrafficResult traffic =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .models(List.of("wine", "wine-class", "wine-class"))
                  .rows(90)
                  .threads(3)
                  .seed(21)
                  .recordExchanges(true));
      TribuoTraffic regression = TribuoTraffic.of("wine", traffic);
      TribuoTraffic classifier = TribuoTraffic.of("wine-class", traffic);
      assertEquals(30, regression.calls);
      assertEquals(60, classifier.calls);
      Scrape scrape = app.scrape();
      // the exact class wins for the regression model; the superclass selects the classifier
      assertEquals(30, scrape.value("model_predictions_total", "model", "quality"));
      assertEquals(60, scrape.value("model_predictions_total", "model", "quality-class"));
      assertEquals(
          regression.sum("alcohol"),
          scrape.value("model_feature_value_sum", "model", "quality", "feature", "alcohol"),
          1e-6);
      assertEquals(
          classifier.sum("alcohol"),
          scrape.value("model_feature_value_sum", "model", "quality-class", "feature", "alcohol"),
          1e-6);
      assertEquals(
          30, scrape.value("model_output_value_count", "model", "quality", "output", "quality"));
      assertEquals(
          60,
          scrape.value(
              "model_output_value_count", "model", "quality-class", "output", "quality_class"));
      assertEquals(0, scrape.value("modelwatch_agent_unmatched_calls_total", "library", "tribuo"));
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
    }
  }

  @Test
  void unselectedModelsAreUnmatchedAndUnreadableOutputsNeverDisturbTheCall() throws Exception {
    String config =
        String.join(
            "\n",
            "models:",
            "  - name: quality",
            "    intercept: {library: tribuo, model_class: org.tribuo.regression.sgd.linear.LinearSGDModel}",
            "    outputs: [{name: quality, kind: regression, key: no_such_dimension}]",
            "");
    try (AgentedServer app = AgentedServer.start(MAIN, config, ARGS)) {
      TrafficResult traffic =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .models(List.of("wine", "wine-class"))
                  .rows(40)
                  .threads(2)
                  .seed(22)
                  .recordExchanges(true));
      assertEquals(40, traffic.ok(), "every call answered despite the unreadable output");
      Scrape scrape = app.scrape();
      assertEquals(20, scrape.value("model_predictions_total", "model", "quality"));
      assertEquals(20, scrape.value("model_batch_rows_sum", "model", "quality"));
      assertEquals(20, scrape.value("modelwatch_agent_unmatched_calls_total", "library", "tribuo"));
      assertEquals(20, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
      assertEquals(
          0, scrape.value("model_output_value_count", "model", "quality", "output", "quality"));
      // no features configured: the model's own are discovered at its first call
      // (TribuoFeatureDiscoveryTest)
      assertEquals(
          20, scrape.value("model_feature_value_count", "model", "quality", "feature", "alcohol"));
      String log = app.server().stderr();
      assertTrue(
          log.contains(
              "tribuo calls on org.tribuo.classification.sgd.linear.LinearSGDModel 'wine-quality-class'"
                  + " match no configured model"),
          log);
      assertTrue(
          log.contains(
              "output 'quality' reads regressor dimension 'no_such_dimension', but the Tribuo model"
                  + " predicts dimensions quality; set key to one of them"),
          log);
      assertTrue(
          log.contains(
              "model 'quality': discovered 12 input feature(s) from the Tribuo model's feature map:"
                  + " alcohol, chlorides, citric_acid, color,"),
          log);
    }
  }
}
