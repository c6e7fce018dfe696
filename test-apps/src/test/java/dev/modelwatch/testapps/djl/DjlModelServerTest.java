package dev.modelwatch.testapps.djl;

import static dev.modelwatch.testapps.traffic.ServerStatsAssert.assertStatsMatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import dev.modelwatch.testapps.traffic.WineChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlModelServerTest {

  private static final String MAIN = DjlModelServer.class.getName();

  @Test
  void regressionServerUnderItsOwnModelName(@TempDir Path dir) throws Exception {
    try (ForkedServer server =
        ForkedServer.start(
            MAIN, List.of("--model-dir", dir.toString(), "--model-name", "wine-djl"))) {
      // DJL names a model after its file, so the server loads a copy named after the model
      assertTrue(Files.isRegularFile(dir.resolve("djl/wine-djl/wine-djl.onnx")));
      assertEquals(
          Files.size(dir.resolve("wine.onnx")),
          Files.size(dir.resolve("djl/wine-djl/wine-djl.onnx")));
      assertEquals(
          "calls 0\npredictions 0\nrows 0\nerrors 0\nrejected 0\n",
          server.get("/stats?model=wine-djl"));

      TrafficResult single =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(server.port())
                  .rows(300)
                  .threads(2)
                  .seed(1)
                  .recordExchanges(true));
      TrafficResult batch =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(server.port())
                  .mode(TrafficMode.BATCH)
                  .rows(320)
                  .threads(2)
                  .seed(2)
                  .recordExchanges(true));
      assertEquals(300, single.ok());
      assertEquals(20, batch.ok());
      assertStatsMatch(server.stats(null), single, batch);
      WineChecks.assertRegressionNearRelation(single, 0.15, 0.06);
      WineChecks.assertRegressionNearRelation(batch, 0.15, 0.06);

      TrafficResult corrupt =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(server.port())
                  .mode(TrafficMode.CORRUPT)
                  .corruptShare(0.3)
                  .rows(600)
                  .threads(3)
                  .seed(3)
                  .recordExchanges(true));
      assertStatsMatch(server.stats(null), single, batch, corrupt);
      for (TrafficResult.Exchange e : corrupt.exchanges()) {
        String row = e.body.trim();
        if (row.contains("abc")) {
          assertEquals(400, e.status, row);
        } else if (row.split(",", -1).length < 12) {
          assertEquals(500, e.status, row);
          assertTrue(e.response.startsWith("ai.djl.translate.TranslateException: "), e.response);
          assertTrue(
              e.response.contains("Got invalid dimensions for input: float_input"), e.response);
        } else {
          assertEquals(200, e.status, row);
        }
      }
      assertTrue(corrupt.failed() > 0 && corrupt.rejected() > 0);
    }
  }

  @Test
  void classifierServer(@TempDir Path dir) throws Exception {
    try (ForkedServer server =
        ForkedServer.start(
            MAIN, List.of("--model-dir", dir.toString(), "--task", "classification"))) {
      Map<Long, String> labels = new ConcurrentHashMap<>();
      TrafficResult r =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(server.port())
                  .rows(1000)
                  .batch(10)
                  .threads(2)
                  .seed(4)
                  .classificationLabels(true)
                  .recordExchanges(true),
              labels::put);
      TrafficResult single =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(server.port())
                  .rows(100)
                  .seed(5)
                  .classificationLabels(true)
                  .recordExchanges(true));
      assertEquals(100, r.ok());
      assertEquals(100, single.ok());
      assertStatsMatch(server.stats("wine"), r, single);
      double accuracy = WineChecks.accuracy(r, labels);
      assertTrue(accuracy > 0.65, "accuracy " + accuracy);
    }
  }
}
