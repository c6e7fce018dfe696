package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.plain.TwoPlainModelsServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The real agent in a child JVM re-reads its config when the file changes: a valid config replaces
 * the models (added ones count exactly, removed ones stop), an invalid one is rejected with its
 * problems and the old one keeps counting exactly; both are counted in {@code
 * modelwatch_agent_config_reloads_total}.
 */
class ConfigReloadTest {
  static final String MAIN = TwoPlainModelsServer.class.getName();
  static final String ROW = "7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4,0";
  static final String RELOADS = "modelwatch_agent_config_reloads_total";

  static String model(String name, String modelClass) {
    return String.join(
        "\n",
        "  - name: " + name,
        "    intercept:",
        "      class: dev.modelwatch.testapps.plain." + modelClass,
        "      method: predict",
        "      parameters: ['float[]']",
        "");
  }

  static String config(String serverLines, String... models) {
    return "reload_interval: 200ms\n" + serverLines + "models:\n" + String.join("", models);
  }

  static final String LINEAR = model("linear", "LinearWineModel");
  static final String SCORE = model("score", "WineScoreModel");

  @Test
  void appliesAValidConfigAndRejectsAnInvalidOneKeepingTheOldInForce() throws Exception {
    Path file = AgentedServer.writeConfig(config("", LINEAR));
    try (AgentedServer app = start(file)) {
      Scrape start = app.scrape();
      assertEquals(0, start.value(RELOADS, "result", "applied"));
      assertEquals(0, start.value(RELOADS, "result", "rejected"));
      call(app, "linear", 10);
      call(app, "score", 4);
      Scrape first = app.scrape();
      assertEquals(10, first.value("model_predictions_total", "model", "linear"));
      assertFalse(first.has("model_predictions_total", "model", "score"));

      // score added, linear removed
      Files.writeString(file, config("", SCORE));
      awaitReloads(app, 1, 0);
      String log = app.server().stderr();
      assertTrue(
          log.contains(
              "config reloaded from "
                  + file
                  + ": watching 1 model(s); added 'score', removed 'linear',"
                  + " changed none, unchanged none; every model's metrics start again from 0"),
          log);
      call(app, "score", 7);
      call(app, "linear", 5);
      Scrape second = app.scrape();
      assertEquals(7, second.value("model_predictions_total", "model", "score"));
      assertFalse(second.has("model_predictions_total", "model", "linear"));
      assertEquals(1, second.value("modelwatch_agent_instrumented_methods"));

      // invalid: rejected with its problem, score still counts exactly
      Files.writeString(file, config("", SCORE.replace("method: predict", "methd: predict")));
      awaitReloads(app, 1, 1);
      log = app.server().stderr();
      assertTrue(
          log.contains("the changed config is invalid; the previous config stays in force"), log);
      assertTrue(
          log.contains(
              "2 problems in "
                  + file
                  + ":\n"
                  + "  "
                  + file
                  + ":4: models[0].intercept.method: required\n"
                  + "  "
                  + file
                  + ":6: models[0].intercept.methd: unknown key 'methd'; did you mean 'method'?\n"),
          log);
      call(app, "score", 6);
      call(app, "linear", 2);
      Scrape third = app.scrape();
      assertEquals(13, third.value("model_predictions_total", "model", "score"));
      assertFalse(third.has("model_predictions_total", "model", "linear"));

      // both models, and a server setting that needs a restart: applied, said, counts start from 0
      Files.writeString(file, config("server:\n  jvm_metrics: false\n", LINEAR, SCORE));
      awaitReloads(app, 2, 1);
      log = app.server().stderr();
      assertTrue(
          log.contains("added 'linear', removed none, changed none, unchanged 'score'"), log);
      assertTrue(
          log.contains(
              "the reloaded config changes server.jvm_metrics: server settings take effect only"
                  + " when the application restarts"),
          log);
      call(app, "linear", 3);
      call(app, "score", 2);
      Scrape fourth = app.scrape();
      assertEquals(3, fourth.value("model_predictions_total", "model", "linear"));
      assertEquals(2, fourth.value("model_predictions_total", "model", "score"));
      assertEquals(2, fourth.value("modelwatch_agent_instrumented_methods"));
      assertTrue(fourth.hasMetric("jvm_threads_current"), "JVM metrics stay as started");
      for (String stage : List.of("config", "install", "transform", "enter", "exit")) {
        assertEquals(0, fourth.value("modelwatch_agent_errors_total", "stage", stage), stage);
      }
      assertEquals(Map.of("linear", 20L, "score", 19L, "failures", 0L), app.server().stats(null));
    }
  }

  static AgentedServer start(Path config) throws Exception {
    return AgentedServer.startWith(
        MAIN,
        List.of(AgentJar.javaagent("config=" + config + ",port=0")),
        List.of("--port", "0"),
        Map.of());
  }

  static void call(AgentedServer app, String model, int times) throws Exception {
    for (int i = 0; i < times; i++) {
      assertEquals(200, Http.post(app.appPort(), "/predict/" + model, ROW).statusCode());
    }
  }

  /** Waits until the agent has applied and rejected exactly these many changed configs. */
  static void awaitReloads(AgentedServer app, int applied, int rejected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    Scrape scrape;
    do {
      scrape = app.scrape();
      if (scrape.value(RELOADS, "result", "applied") == applied
          && scrape.value(RELOADS, "result", "rejected") == rejected) {
        return;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "expected "
            + applied
            + " applied and "
            + rejected
            + " rejected reloads:\n"
            + scrape.text()
            + "\n"
            + app.server().stderr());
  }
}
