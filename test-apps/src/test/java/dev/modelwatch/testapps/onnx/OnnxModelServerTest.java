package dev.modelwatch.testapps.onnx;

import static dev.modelwatch.testapps.traffic.ServerStatsAssert.assertStatsMatch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import dev.modelwatch.testapps.traffic.WineChecks;
import dev.modelwatch.testapps.tribuo.WineOnnxExport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelServerTest {

  private static final String MAIN = OnnxModelServer.class.getName();

  @Test
  void regressionServerCountsEveryRequestAndFollowsTheKnownRelation(@TempDir Path dir)
      throws Exception {
    try (ForkedServer server = ForkedServer.start(MAIN, List.of("--model-dir", dir.toString()))) {
      assertTrue(
          Files.isRegularFile(dir.resolve(WineOnnxExport.REGRESSION_FILE)), "exported model");
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
                  .batch(25)
                  .rows(500)
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
      // ONNX Runtime rejects a tensor of the wrong width and propagates NaN
      for (TrafficResult.Exchange e : corrupt.exchanges()) {
        String row = e.body.trim();
        if (row.contains("abc")) {
          assertEquals(400, e.status, row);
        } else if (row.split(",", -1).length < 12) {
          assertEquals(500, e.status, row);
          assertTrue(e.response.startsWith("ai.onnxruntime.OrtException: "), e.response);
          assertTrue(
              e.response.contains("Got invalid dimensions for input: float_input"), e.response);
        } else if (row.contains("NaN")
            || row.contains(",,")
            || row.startsWith(",")
            || row.endsWith(",")) {
          assertEquals(200, e.status, row);
          assertEquals("NaN", e.response.trim(), row);
        } else {
          assertEquals(200, e.status, row);
        }
      }
      assertTrue(corrupt.failed() > 0 && corrupt.rejected() > 0);
    }
  }

  @Test
  void classifierServerLoadsAGivenModelFile(@TempDir Path dir) throws Exception {
    // first export the classifier (and its .labels file) by starting without --model
    try (ForkedServer first =
        ForkedServer.start(
            MAIN, List.of("--model-dir", dir.toString(), "--task", "classification"))) {
      assertEquals("ok", first.get("/health"));
    }
    Path model = dir.resolve(WineOnnxExport.CLASSIFIER_FILE);
    assertEquals(
        List.of("high", "low", "medium"), Files.readAllLines(WineOnnxExport.labelsFile(model)));
    try (ForkedServer server = ForkedServer.start(MAIN, List.of("--model", model.toString()))) {
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
      assertEquals(100, r.ok());
      assertStatsMatch(server.stats(null), r);
      double accuracy = WineChecks.accuracy(r, labels);
      assertTrue(accuracy > 0.65, "accuracy " + accuracy);
    }
  }

  @Test
  void aMissingModelFileStopsTheServerWithAMessage(@TempDir Path dir) {
    IllegalStateException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () ->
                ForkedServer.start(MAIN, List.of("--model", dir.resolve("nope.onnx").toString())));
    assertTrue(e.getMessage().contains("nope.onnx is not a file"), e.getMessage());
  }
}
