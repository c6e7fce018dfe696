package dev.modelwatch.testapps.tribuo;

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

class TribuoModelServerTest {

  private static final String MAIN = TribuoModelServer.class.getName();

  @Test
  void regressionServerCountsEveryRequestAndFollowsTheKnownRelation(@TempDir Path dir)
      throws Exception {
    try (ForkedServer server =
        ForkedServer.start(MAIN, List.of("--model-dir", dir.toString(), "--task", "regression"))) {
      assertTrue(
          Files.isRegularFile(dir.resolve(WineModels.REGRESSION_FILE)), "trained model saved");
      assertEquals("ok", server.get("/health"));

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
      // Tribuo leaves missing features out of an example, refuses NaN values
      for (TrafficResult.Exchange e : corrupt.exchanges()) {
        if (e.body.contains("abc")) {
          assertEquals(400, e.status, e.body);
        } else if (e.body.contains("NaN")) {
          assertEquals(500, e.status, e.body);
          assertTrue(
              e.response.startsWith(
                  "java.lang.IllegalArgumentException: Example contained a NaN feature"),
              e.response);
        } else {
          assertEquals(200, e.status, e.body + " -> " + e.response);
        }
      }
      assertTrue(corrupt.failed() > 0 && corrupt.rejected() > 0);
    }
  }

  @Test
  void classifierServerPredictsQualityClasses(@TempDir Path dir) throws Exception {
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
      assertEquals(100, r.ok());
      assertStatsMatch(server.stats(null), r);
      // label noise bounds what any model can reach (about 0.78); training reaches about 0.74
      double accuracy = WineChecks.accuracy(r, labels);
      assertTrue(accuracy > 0.65, "accuracy " + accuracy);
    }
  }
}
