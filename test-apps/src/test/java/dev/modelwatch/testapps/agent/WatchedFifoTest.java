package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.ConfigReloadTest.awaitReloads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.plain.PlainModelServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A FIFO at the config path, which nobody writes to, blocks nothing: drift windows keep rotating,
 * the file is refused with its reason, checks go on, and putting a config back is applied.
 */
class WatchedFifoTest {

  @Test
  void aFifoAtTheConfigPathBlocksNeitherDriftWindowsNorLaterReloads() throws Exception {
    DriftDetectionTest.Training training = DriftDetectionTest.Training.build("fifo", 2_000, 7);
    String yaml =
        DriftDetectionTest.Training.yaml(
            training.baselineFile, "{window: 2s, slices: 2, min_samples: 10}");
    Path file = AgentedServer.writeConfig("reload_interval: 200ms\n" + yaml);
    try (AgentedServer app =
        AgentedServer.startWith(
            PlainModelServer.class.getName(),
            List.of(AgentJar.javaagent("config=" + file + ",port=0")),
            List.of("--port", "0"),
            Map.of())) {
      WatchedFileChanges.replaceWithFifo(file);
      WatchedFileLimitsTest.send(app, 20);
      assertEquals(20, app.scrape().value("model_drift_window_samples", "model", "wine"));

      // the window is 2 s in 2 slices: rows leave it within 3 s, if the windows rotate
      awaitWindowSamples(app, 0);
      awaitReloads(app, 0, 1);
      String log = app.server().stderr();
      assertTrue(
          log.contains(
              file
                  + ": cannot read the file: it is a FIFO (named pipe), not a regular file; a config"
                  + " must be a regular file of at most 4194304 bytes"),
          log);
      long checks = (long) app.scrape().value(WatchedFileChanges.CHECKS);
      WatchedFileChanges.awaitChecks(app, checks + 3);

      WatchedFileChanges.replace(
          file, "reload_interval: 200ms\n" + yaml.replace("min_samples: 10", "min_samples: 5"));
      awaitReloads(app, 1, 1);
      WatchedFileLimitsTest.send(app, 7);
      Scrape reloaded = app.scrape();
      assertEquals(7, reloaded.value("model_predictions_total", "model", "wine"));
      assertEquals(7, reloaded.value("model_drift_window_samples", "model", "wine"));
      awaitWindowSamples(app, 0);
      assertEquals(0, reloaded.value("modelwatch_agent_errors_total", "stage", "config"));
    }
  }

  private static void awaitWindowSamples(AgentedServer app, double samples) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Scrape scrape;
    do {
      scrape = app.scrape();
      if (scrape.value("model_drift_window_samples", "model", "wine") == samples) {
        return;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "the drift window still holds other than "
            + samples
            + " rows after 10 s:\n"
            + scrape.text()
            + "\n"
            + app.server().stderr());
  }
}
