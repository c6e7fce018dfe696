package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.ConfigReloadTest.LINEAR;
import static dev.modelwatch.testapps.agent.ConfigReloadTest.ROW;
import static dev.modelwatch.testapps.agent.ConfigReloadTest.SCORE;
import static dev.modelwatch.testapps.agent.ConfigReloadTest.awaitReloads;
import static dev.modelwatch.testapps.agent.ConfigReloadTest.call;
import static dev.modelwatch.testapps.agent.ConfigReloadTest.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Several threads call both models while the config flips between watching one, the other and both:
 * no call fails, the agent contains no error, a generation never counts more calls than were made
 * while it was in force, and once a swap has settled every call is counted exactly.
 */
class ConfigReloadUnderLoadTest {
  static final int THREADS = 6;

  @Test
  void flipsUnderLoadWithoutFailedCallsAndCountsExactlyOnceSettled() throws Exception {
    List<List<String>> generations =
        List.of(
            List.of("score"),
            List.of("linear", "score"),
            List.of("linear"),
            List.of("score"),
            List.of("linear", "score"),
            List.of("linear"));
    Path file = AgentedServer.writeConfig(config("", LINEAR));
    try (AgentedServer app = ConfigReloadTest.start(file)) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        for (int g = 0; g < generations.size(); g++) {
          List<String> watched = generations.get(g);
          Map<String, Long> before = app.server().stats(null);
          AtomicBoolean stop = new AtomicBoolean();
          List<Future<Integer>> load = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            String model = t % 2 == 0 ? "linear" : "score";
            load.add(
                pool.submit(
                    () -> {
                      int failed = 0;
                      while (!stop.get()) {
                        failed +=
                            Http.post(app.appPort(), "/predict/" + model, ROW).statusCode() == 200
                                ? 0
                                : 1;
                      }
                      return failed;
                    }));
          }
          awaitCalls(app, before, 200); // under load when the config changes
          Files.writeString(
              file,
              config(
                  "",
                  watched.contains("linear") ? LINEAR : "",
                  watched.contains("score") ? SCORE : ""));
          awaitReloads(app, g + 1, 0);
          awaitCalls(
              app,
              app.server().stats(null),
              200); // calls after the swap, through the new advice only
          stop.set(true);
          for (Future<Integer> thread : load) {
            assertEquals(0, thread.get(), "failed calls in generation " + g);
          }
          Map<String, Long> after = app.server().stats(null);
          Scrape settled = app.scrape();
          for (String model : List.of("linear", "score")) {
            if (!watched.contains(model)) {
              assertFalse(
                  settled.has("model_predictions_total", "model", model),
                  model + " in generation " + g);
              continue;
            }
            double counted = settled.value("model_predictions_total", "model", model);
            long made = after.get(model) - before.get(model);
            assertTrue(
                counted <= made,
                model + ": counted " + counted + " of " + made + " in generation " + g);
            assertTrue(counted > 0, model + ": nothing counted under load in generation " + g);
            assertEquals(0, settled.value("model_predictions_in_flight", "model", model));
            call(app, model, 5);
          }
          Scrape exact = app.scrape();
          for (String model : watched) {
            assertEquals(
                settled.value("model_predictions_total", "model", model) + 5,
                exact.value("model_predictions_total", "model", model),
                model + " in generation " + g);
          }
        }
      } finally {
        pool.shutdownNow();
      }
      Scrape last = app.scrape();
      for (String stage : List.of("config", "install", "transform", "enter", "exit", "extract")) {
        assertEquals(0, last.value("modelwatch_agent_errors_total", "stage", stage), stage);
      }
      assertEquals(0L, app.server().stats(null).get("failures"));
      assertEquals(1, last.value("modelwatch_agent_instrumented_methods"));
    }
  }

  /**
   * Waits until the server has answered {@code calls} more calls of each model than in {@code
   * since}.
   */
  private static void awaitCalls(AgentedServer app, Map<String, Long> since, long calls)
      throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (true) {
      Map<String, Long> now = app.server().stats(null);
      boolean enough = true;
      for (String model : List.of("linear", "score")) {
        enough &= now.getOrDefault(model, 0L) - since.getOrDefault(model, 0L) >= calls;
      }
      if (enough) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "fewer than " + calls + " calls per model within 60 s: " + since + " -> " + now);
      }
      Thread.sleep(10);
    }
  }
}
