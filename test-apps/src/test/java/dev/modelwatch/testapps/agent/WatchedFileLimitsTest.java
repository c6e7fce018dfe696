package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.ConfigReloadTest.LINEAR;
import static dev.modelwatch.testapps.agent.ConfigReloadTest.SCORE;
import static dev.modelwatch.testapps.agent.ConfigReloadTest.awaitReloads;
import static dev.modelwatch.testapps.agent.ConfigReloadTest.call;
import static dev.modelwatch.testapps.agent.ConfigReloadTest.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.plain.PlainModelServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A watched file that is a device or far too large is refused before it is read whole: the JVM
 * (with {@code -XX:+ExitOnOutOfMemoryError} and a small heap, as many servers run) keeps serving,
 * the agent says which file and why, and a good file put back later is used.
 */
class WatchedFileLimitsTest {
  static final List<String> SMALL_HEAP = List.of("-XX:+ExitOnOutOfMemoryError", "-Xmx96m");
  static final long SPARSE_BYTES = 600L << 20;

  @Test
  void aConfigReplacedByADeviceOrAHugeFileIsRefusedAndTheApplicationKeepsServing()
      throws Exception {
    Path file = AgentedServer.writeConfig(config("", LINEAR));
    try (AgentedServer app =
        AgentedServer.startWith(
            ConfigReloadTest.MAIN,
            List.of(
                AgentJar.javaagent("config=" + file + ",port=0"),
                SMALL_HEAP.get(0),
                SMALL_HEAP.get(1)),
            List.of("--port", "0"),
            Map.of())) {
      call(app, "linear", 3);

      WatchedFileChanges.replaceWithLink(file, Path.of("/dev/zero"));
      awaitReloads(app, 0, 1);
      String log = app.server().stderr();
      assertTrue(
          log.contains("the changed config is invalid; the previous config stays in force"), log);
      assertTrue(
          log.contains(
              file
                  + ": cannot read the file: it is a character device, not a regular file ("
                  + file
                  + " is a symbolic link to /dev/zero); a config must be a regular file of at most 4194304 bytes"),
          log);
      call(app, "linear", 2);
      assertEquals(5, app.scrape().value("model_predictions_total", "model", "linear"));

      WatchedFileChanges.replace(file, config("", LINEAR, SCORE));
      awaitReloads(app, 1, 1);
      call(app, "score", 4);
      assertEquals(4, app.scrape().value("model_predictions_total", "model", "score"));

      WatchedFileChanges.replaceWithSparseFile(file, SPARSE_BYTES);
      awaitReloads(app, 1, 2);
      log = app.server().stderr();
      assertTrue(
          log.contains(
              file
                  + ": cannot read the file: it is 629145600 bytes; a config must be a regular"
                  + " file of at most 4194304 bytes"),
          log);
      call(app, "score", 1);
      assertEquals(5, app.scrape().value("model_predictions_total", "model", "score"));

      WatchedFileChanges.replace(file, config("", SCORE));
      awaitReloads(app, 2, 2);
      call(app, "score", 2);
      Scrape last = app.scrape();
      assertEquals(2, last.value("model_predictions_total", "model", "score"));
      assertFalse(last.has("model_predictions_total", "model", "linear"));
      assertEquals(0, last.value("modelwatch_agent_errors_total", "stage", "config"));
      assertTrue(app.server().process().isAlive());
      assertFalse(log.contains("OutOfMemoryError"), log);
    }
  }

  @Test
  void aBaselineThatIsADeviceAtStartOrAHugeFileOnReloadIsRefused() throws Exception {
    Path dir = AgentedServer.writeConfig("").getParent();
    Path baseline = Files.createTempFile(dir, "baseline-", ".yaml");
    WatchedFileChanges.replaceWithLink(baseline, Path.of("/dev/zero"));
    Path file =
        AgentedServer.writeConfig(
            "reload_interval: 200ms\n"
                + DriftDetectionTest.Training.yaml(baseline, "{window: 10m}"));
    try (AgentedServer app =
        AgentedServer.startWith(
            PlainModelServer.class.getName(),
            List.of(
                AgentJar.javaagent("config=" + file + ",port=0"),
                SMALL_HEAP.get(0),
                SMALL_HEAP.get(1)),
            List.of("--port", "0"),
            Map.of())) {
      String log = app.server().stderr();
      assertTrue(
          log.contains(
              "model 'wine': the baseline cannot be used, so the model is monitored without it"
                  + " (configured or default buckets, no drift):\nBaseline file "
                  + baseline
                  + ": cannot read the file: it is"
                  + " a character device, not a regular file ("
                  + baseline
                  + " is a symbolic link to /dev/zero)\nFix: "),
          log);
      send(app, 6);
      Scrape started = app.scrape();
      assertEquals(6, started.value("model_predictions_total", "model", "wine"));
      assertEquals(1, started.value("modelwatch_agent_errors_total", "stage", "config"));

      WatchedFileChanges.replaceWithSparseFile(baseline, SPARSE_BYTES);
      awaitReloads(app, 0, 1);
      log = app.server().stderr();
      assertTrue(
          log.contains(
              "Baseline file "
                  + baseline
                  + ": cannot read the file: it is 629145600 bytes\nFix: a"
                  + " baseline must be a regular file of at most 12582912 bytes"),
          log);
      send(app, 2);
      Scrape reloaded = app.scrape();
      assertEquals(8, reloaded.value("model_predictions_total", "model", "wine"));
      assertTrue(app.server().process().isAlive());
      assertFalse(log.contains("OutOfMemoryError"), log);
    }
  }

  static void send(AgentedServer app, int calls) throws Exception {
    for (int i = 0; i < calls; i++) {
      assertEquals(
          200, Http.post(app.appPort(), "/predict", PlainServerAgentTest.GOOD_ROW).statusCode());
    }
  }
}
