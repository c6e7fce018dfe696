package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.djl.DjlModelServer;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A DJL model on the OnnxRuntime engine, configured without features, records every column of its
 * input, named after the ONNX session's input, with exact counts.
 */
class DjlFeatureDiscoveryTest {
  static final String CONFIG =
      String.join(
          "\n", "models:", "  - name: wine", "    intercept: {library: djl, model_name: wine}", "");

  @Test
  void everyColumnOfTheEnginesInputIsRecorded(@TempDir Path dir) throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            DjlModelServer.class.getName(), CONFIG, List.of("--model-dir", dir.toString()))) {
      TrafficResult single =
          OnnxServerAgentTest.run(
              app, new TrafficGenerator.Options().rows(120).threads(2).seed(51));
      TrafficResult batch =
          OnnxServerAgentTest.run(
              app,
              new TrafficGenerator.Options()
                  .mode(TrafficMode.BATCH)
                  .batch(10)
                  .rows(100)
                  .threads(2)
                  .seed(52));
      ExpectedWineMetrics expected = ExpectedWineMetrics.of(single, batch);
      Scrape scrape = app.scrape();
      assertEquals(220, expected.rowCount());
      for (int column = 0; column < WineData.COLUMNS; column++) {
        OnnxServerAgentTest.assertFeature(scrape, expected, "float_input[" + column + "]", column);
      }
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
      assertTrue(
          app.server()
              .stderr()
              .contains(
                  "model 'wine': discovered 12 input feature(s) from the predictor's ONNX"
                      + " Runtime session"),
          app.server().stderr());
    }
  }
}
