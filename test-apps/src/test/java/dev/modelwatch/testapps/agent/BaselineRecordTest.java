package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Baseline record mode: the agent writes a baseline from the first rows it sees, then stops; a
 * restart with the same config compares live traffic against that file.
 */
class BaselineRecordTest {
  private static final int RECORDED = 300;

  @Test
  void theFirstRowsBecomeTheBaselineAndARestartComparesAgainstIt() throws Exception {
    Path dir = Files.createDirectories(Paths.get("target", "drift", "record").toAbsolutePath());
    Path file = dir.resolve("recorded-baseline.yaml");
    Files.deleteIfExists(file);
    String yaml =
        DriftDetectionTest.Training.yaml(file, "{window: 10m, min_samples: 100}")
            .replace(
                "    baseline: " + file,
                "    baseline: {record: " + file + ", rows: " + RECORDED + "}");

    DriftDetectionTest.Sent first;
    try (AgentedServer app =
        AgentedServer.start(MAIN, yaml, List.of("--port", "0", "--threads", "4"))) {
      assertTrue(
          app.server()
              .stderr()
              .contains(
                  "model 'wine': recording a baseline from the first "
                      + RECORDED
                      + " rows into "
                      + file),
          app.server().stderr());
      // one client thread: requests, and so rows, reach the model in the order sent
      TrafficResult result =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .mode(TrafficMode.NORMAL)
                  .rows(500)
                  .batch(25)
                  .threads(1)
                  .seed(31)
                  .recordExchanges(true));
      assertEquals(result.requestsSent(), result.ok());
      app.server()
          .awaitStderr(
              "recorded a baseline from the first "
                  + RECORDED
                  + " rows into "
                  + file
                  + " and stopped recording",
              Duration.ofSeconds(15));
      first = DriftDetectionTest.Sent.of(result.exchanges());
      // recording adds no drift of its own: there is no baseline to compare with yet
      assertFalse(app.scrape().hasMetric("model_feature_drift"));
    }

    DriftDetectionTest.Baseline recorded = DriftDetectionTest.Baseline.read(file);
    assertEquals(RECORDED, recorded.rows);
    double[] alcohol = Arrays.copyOf(first.feature(WineData.ALCOHOL_INDEX), RECORDED);
    DriftDetectionTest.Baseline.Numeric alcoholBaseline = recorded.numeric.get("alcohol");
    double[] sorted = alcohol.clone();
    Arrays.sort(sorted);
    assertEquals(RECORDED, alcoholBaseline.count);
    assertEquals(sorted[0], alcoholBaseline.min);
    assertEquals(sorted[RECORDED - 1], alcoholBaseline.max);
    double[] edges = new double[9];
    for (int j = 1; j <= 9; j++) {
      // quantile type 7: linear interpolation at h = (n - 1) p
      double h = (RECORDED - 1) * j / 10.0;
      int lower = (int) Math.floor(h);
      edges[j - 1] = sorted[lower] + (h - lower) * (sorted[lower + 1] - sorted[lower]);
    }
    assertArrayEquals(edges, alcoholBaseline.edges, 1e-12);
    long[] counts = alcoholBaseline.bin(alcohol);
    for (int b = 0; b < counts.length; b++) {
      assertEquals(counts[b] / (double) RECORDED, alcoholBaseline.shares[b], 1e-15);
    }
    long white = first.colors().subList(0, RECORDED).stream().filter("1"::equals).count();
    DriftDetectionTest.Baseline.Categorical color = recorded.categorical.get("color");
    assertEquals(white / (double) RECORDED, color.shares[color.categories.indexOf("1")], 1e-15);
    assertEquals(RECORDED, recorded.numericOutputs.get(DriftDetectionTest.OUTPUT).count);

    try (AgentedServer app =
        AgentedServer.start(MAIN, yaml, List.of("--port", "0", "--threads", "4"))) {
      assertTrue(
          app.server()
              .stderr()
              .contains(
                  "baseline "
                      + file
                      + " was recorded earlier; comparing against it"
                      + " (delete the file to record a new one)"),
          app.server().stderr());
      TrafficResult result =
          DriftDetectionTest.send(
              app, new TrafficGenerator.Options().mode(TrafficMode.NORMAL).rows(400).seed(32));
      Scrape scrape = app.scrape();
      long[] live =
          alcoholBaseline.bin(
              DriftDetectionTest.Sent.of(result.exchanges()).feature(WineData.ALCOHOL_INDEX));
      assertEquals(
          DriftDetectionTest.Formulas.psi(alcoholBaseline.shares, live),
          scrape.value(
              "model_feature_drift", "model", "wine", "feature", "alcohol", "statistic", "psi"),
          1e-9);
      assertEquals(400, scrape.value("model_drift_window_samples", "model", "wine"));
    }
  }
}
