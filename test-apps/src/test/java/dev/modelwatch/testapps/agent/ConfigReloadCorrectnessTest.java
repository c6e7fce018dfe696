package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.ConfigReloadTest.LINEAR;
import static dev.modelwatch.testapps.agent.ConfigReloadTest.RELOADS;
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
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a reload applies and when: an unusable baseline is rejected like an invalid config, the
 * config in force put back changes nothing, a file is loaded only once it has stayed unchanged
 * across two checks, and a rejected file that keeps its size and modification time is not read
 * again.
 */
class ConfigReloadCorrectnessTest {

  @Test
  void anUnusableBaselineOnReloadIsRejectedAndTheBaselineInForceKept() throws Exception {
    DriftDetectionTest.Training training =
        DriftDetectionTest.Training.build("reload-rejected", 2_000, 7);
    Path baseline = training.dir.resolve("in-force-baseline.yaml");
    Files.copy(training.baselineFile, baseline, StandardCopyOption.REPLACE_EXISTING);
    String good = Files.readString(baseline);
    List<String> unusable =
        List.of(
            good.replaceFirst("shares: \\[[^,\\]]+", "shares: [.nan"),
            good.replaceFirst("shares: \\[[^,\\]]+", "shares: [-0.25"),
            good.replaceFirst("edges: \\[([^,\\]]+), ([^,\\]]+)", "edges: [$2, $1"));
    List<String> problems =
        List.of(
            "must be in [0, 1], found NaN",
            "must be in [0, 1], found -0.25",
            "edges: must be strictly increasing");
    Path file =
        AgentedServer.writeConfig(
            "reload_interval: 200ms\n"
                + DriftDetectionTest.Training.yaml(baseline, "{window: 10m, min_samples: 100}"));
    try (AgentedServer app =
        AgentedServer.startWith(
            PlainModelServer.class.getName(),
            List.of(AgentJar.javaagent("config=" + file + ",port=0")),
            List.of("--port", "0"),
            Map.of())) {
      WatchedFileLimitsTest.send(app, 10);
      for (int i = 0; i < unusable.size(); i++) {
        WatchedFileChanges.replace(baseline, unusable.get(i));
        awaitReloads(app, 0, i + 1);
        String log = app.server().stderr();
        assertTrue(
            log.contains(
                "the changed config is rejected: model 'wine': its baseline cannot be used; the"
                    + " previous config and baselines stay in force (fix the file: it is read again when it changes):\n"
                    + "Baseline file "
                    + baseline
                    + ": invalid baseline (1 problem)"),
            log);
        assertTrue(log.contains(problems.get(i)), log);
        WatchedFileLimitsTest.send(app, 2);
      }
      Scrape kept = app.scrape();
      assertEquals(16, kept.value("model_predictions_total", "model", "wine"));
      assertEquals(16, kept.value("model_drift_window_samples", "model", "wine"));
      assertTrue(kept.hasMetric("model_feature_baseline_ratio"), kept.text());
      assertEquals(0, kept.value("modelwatch_agent_errors_total", "stage", "config"));
    }
  }

  @Test
  void theConfigInForcePutBackAfterADeletionOrARejectedEditChangesNothing() throws Exception {
    Path file = AgentedServer.writeConfig(config("", LINEAR));
    String inForce = Files.readString(file);
    try (AgentedServer app = ConfigReloadTest.start(file)) {
      call(app, "linear", 5);

      Files.delete(file);
      awaitReloads(app, 0, 1);
      assertTrue(app.server().stderr().contains("file not found"), app.server().stderr());
      WatchedFileChanges.replace(file, inForce);
      long restored = (long) app.scrape().value(WatchedFileChanges.CHECKS);
      WatchedFileChanges.awaitChecks(app, restored + 5);
      call(app, "linear", 1);
      Scrape afterDeletion = app.scrape();
      assertEquals(0, afterDeletion.value(RELOADS, "result", "applied"));
      assertEquals(1, afterDeletion.value(RELOADS, "result", "rejected"));
      assertEquals(6, afterDeletion.value("model_predictions_total", "model", "linear"));

      WatchedFileChanges.replace(file, inForce.replace("method: predict", "methd: predict"));
      awaitReloads(app, 0, 2);
      WatchedFileChanges.replace(file, inForce);
      restored = (long) app.scrape().value(WatchedFileChanges.CHECKS);
      WatchedFileChanges.awaitChecks(app, restored + 5);
      call(app, "linear", 1);
      Scrape afterRejection = app.scrape();
      assertEquals(0, afterRejection.value(RELOADS, "result", "applied"));
      assertEquals(2, afterRejection.value(RELOADS, "result", "rejected"));
      assertEquals(7, afterRejection.value("model_predictions_total", "model", "linear"));
      String log = app.server().stderr();
      assertFalse(log.contains("config reloaded from"), log);
      assertTrue(
          log.contains(
              "the watched files are again as they were when the config in force was loaded;"
                  + " nothing changes"),
          log);
    }
  }

  @Test
  void aConfigWrittenWithAPauseLongerThanOneIntervalIsNotLoadedHalfWritten() throws Exception {
    String head = "reload_interval: 500ms\nmodels:\n";
    Path file = AgentedServer.writeConfig(head + SCORE);
    try (AgentedServer app = ConfigReloadTest.start(file)) {
      call(app, "score", 3);
      long checks = WatchedFileChanges.awaitNextCheck(app);
      // written in place in two parts: the first alone is a valid config without 'score'
      Files.writeString(file, head + LINEAR);
      WatchedFileChanges.awaitChecks(app, checks + 2);
      Scrape paused = app.scrape();
      assertEquals(0, paused.value(RELOADS, "result", "applied"));
      assertEquals(0, paused.value(RELOADS, "result", "rejected"));
      Files.writeString(file, SCORE, StandardOpenOption.APPEND);
      awaitReloads(app, 1, 0);
      String log = app.server().stderr();
      assertTrue(
          log.contains("added 'linear', removed none, changed none, unchanged 'score'"), log);
      assertFalse(log.contains("removed 'score'"), log);
      call(app, "linear", 2);
      call(app, "score", 4);
      Scrape loaded = app.scrape();
      assertEquals(2, loaded.value("model_predictions_total", "model", "linear"));
      assertEquals(4, loaded.value("model_predictions_total", "model", "score"));
    }
  }

  @Test
  void aRejectedFileThatKeepsItsSizeAndModificationTimeIsNotReadAgain() throws Exception {
    Path file = AgentedServer.writeConfig(config("", LINEAR));
    String rejected = config("", SCORE.replace("method: predict", "methox: predict"));
    String valid = config("", SCORE);
    assertEquals(rejected.length(), valid.length());
    FileTime anHourAgo =
        FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS));
    try (AgentedServer app = ConfigReloadTest.start(file)) {
      WatchedFileChanges.awaitNextCheck(app);
      Files.writeString(file, rejected);
      Files.setLastModifiedTime(file, anHourAgo);
      awaitReloads(app, 0, 1);

      // same size, same modification time: not read, so this valid content goes unseen
      long checks = WatchedFileChanges.awaitNextCheck(app);
      Files.writeString(file, valid);
      Files.setLastModifiedTime(file, anHourAgo);
      WatchedFileChanges.awaitChecks(app, checks + 6);
      call(app, "linear", 2);
      Scrape unread = app.scrape();
      assertEquals(0, unread.value(RELOADS, "result", "applied"));
      assertEquals(1, unread.value(RELOADS, "result", "rejected"));
      assertEquals(2, unread.value("model_predictions_total", "model", "linear"));

      // a new modification time: read, and applied
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
      awaitReloads(app, 1, 1);
      String log = app.server().stderr();
      assertTrue(log.contains("added 'score', removed 'linear'"), log);
    }
  }
}
