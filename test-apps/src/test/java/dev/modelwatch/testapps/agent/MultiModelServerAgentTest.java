package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.multi.MultiModelServer;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many ONNX Runtime sessions in one JVM, all calling the same {@code OrtSession.run}: each call is
 * attributed to the model whose {@code model_path} matches its session's file.
 */
class MultiModelServerAgentTest {
  static final String MAIN = MultiModelServer.class.getName();

  static String model(String name, String glob) {
    return String.join(
        "\n",
        "  - name: " + name,
        "    intercept: {library: onnxruntime, model_path: \"" + glob + "\"}",
        "    features: [{name: alcohol, input: float_input, index: 10}]",
        "    outputs: [{name: quality, kind: regression}]",
        "");
  }

  @Test
  void thirtyConfiguredModelsCountTheirOwnClientsExactly(@TempDir Path dir) throws Exception {
    StringBuilder config = new StringBuilder("models:\n");
    List<String> clients = new ArrayList<>();
    for (int i = 1; i <= 30; i++) {
      String client = MultiModelServer.clientName(i);
      clients.add(client);
      config.append(model(client, client + "/wine.onnx"));
    }
    try (AgentedServer app =
        AgentedServer.start(MAIN, config.toString(), List.of("--model-dir", dir.toString()))) {
      TrafficResult traffic =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .models(clients)
                  .rows(930)
                  .batch(3)
                  .threads(4)
                  .seed(31)
                  .recordExchanges(true));
      assertEquals(310, traffic.ok());
      Scrape scrape = app.scrape();
      for (String client : clients) {
        ExpectedWineMetrics expected = ExpectedWineMetrics.of(client, traffic);
        long calls = traffic.forModel(client).modelCalls();
        assertTrue(calls == 10 || calls == 11, client + " " + calls);
        assertEquals(calls, scrape.value("model_predictions_total", "model", client), client);
        assertEquals(
            expected.rowCount(), scrape.value("model_batch_rows_sum", "model", client), client);
        assertEquals(
            expected.present(WineData.ALCOHOL_INDEX),
            scrape.value("model_feature_value_count", "model", client, "feature", "alcohol"),
            client);
        assertEquals(
            expected.sum(WineData.ALCOHOL_INDEX),
            scrape.value("model_feature_value_sum", "model", client, "feature", "alcohol"),
            1e-3,
            client);
        assertEquals(
            expected.finiteAnswers(),
            scrape.value("model_output_value_count", "model", client, "output", "quality"),
            client);
        assertEquals(
            expected.answerSum(),
            scrape.value("model_output_value_sum", "model", client, "output", "quality"),
            1e-3,
            client);
      }
      assertFalse(
          scrape.has("modelwatch_agent_unmatched_calls_total", "library", "onnxruntime")
              && scrape.value("modelwatch_agent_unmatched_calls_total", "library", "onnxruntime")
                  > 0);
    }
  }

  @Test
  void twoConfiguredModelsOfThreeSessionsAndTheRestCountedAsUnmatched(@TempDir Path dir)
      throws Exception {
    // client02 by an absolute glob, client01 by its trailing path elements; client03 by none
    String config =
        "models:\n"
            + model("first", "client01/wine.onnx")
            + model("second", dir.toAbsolutePath() + "/client02/*.onnx");
    try (AgentedServer app =
        AgentedServer.start(
            MAIN, config, List.of("--model-dir", dir.toString(), "--clients", "3"))) {
      List<String> clients = List.of("client01", "client02", "client03");
      TrafficResult traffic =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .models(clients)
                  .rows(90)
                  .threads(2)
                  .seed(32)
                  .recordExchanges(true));
      assertEquals(90, traffic.ok());
      Scrape scrape = app.scrape();
      assertEquals(30, scrape.value("model_predictions_total", "model", "first"));
      assertEquals(30, scrape.value("model_predictions_total", "model", "second"));
      assertEquals(
          ExpectedWineMetrics.of("client01", traffic).sum(WineData.ALCOHOL_INDEX),
          scrape.value("model_feature_value_sum", "model", "first", "feature", "alcohol"),
          1e-3);
      assertEquals(
          ExpectedWineMetrics.of("client02", traffic).sum(WineData.ALCOHOL_INDEX),
          scrape.value("model_feature_value_sum", "model", "second", "feature", "alcohol"),
          1e-3);
      assertEquals(
          30, scrape.value("modelwatch_agent_unmatched_calls_total", "library", "onnxruntime"));
      String log = app.server().stderr();
      assertTrue(
          log.contains("onnxruntime calls on the session of ")
              && log.contains("client03/wine.onnx match no configured model"),
          log);
    }
  }
}
