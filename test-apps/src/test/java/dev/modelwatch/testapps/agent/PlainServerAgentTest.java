package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.plain.PlainModelServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The plain-Java model server in a child JVM with the real agent: exact call, error, latency
 * counts.
 */
class PlainServerAgentTest {
  static final String MAIN = PlainModelServer.class.getName();
  static final String GOOD_ROW = "7.4,0.7,0,1.9,0.076,11,34,0.9978,3.51,0.56,9.4,0";
  static final String SHORT_ROW = "7.4,0.7,0"; // the model throws IllegalArgumentException
  static final String CONFIG =
      String.join(
          "\n",
          "server:",
          "  port: 9464",
          "models:",
          "  - name: wine",
          "    intercept:",
          "      class: dev.modelwatch.testapps.plain.LinearWineModel",
          "      method: predict",
          "      parameters: ['float[]']",
          "");

  @Test
  void countsEveryCallErrorAndDurationExactly() throws Exception {
    try (AgentedServer app = AgentedServer.start(MAIN, CONFIG, List.of("--port", "0"))) {
      int good = 53;
      int bad = 7;
      for (int i = 0; i < good; i++) {
        assertEquals(200, Http.post(app.appPort(), "/predict", GOOD_ROW).statusCode());
      }
      for (int i = 0; i < bad; i++) {
        HttpResponse<String> response = Http.post(app.appPort(), "/predict", SHORT_ROW);
        assertEquals(500, response.statusCode());
        assertTrue(response.body().startsWith("java.lang.IllegalArgumentException: expected 12"));
      }
      assertExactCounts(app.scrape(), good + bad, bad);
    }
  }

  /**
   * Below 1.0, sampling thins everything measured per call (latency, values) and nothing counted
   * (calls, errors): unsampled calls are not timed, which keeps them cheap.
   */
  @Test
  void samplingThinsLatencyAndValuesButCountsEveryCallAndError() throws Exception {
    String sampled =
        CONFIG
            + String.join(
                "\n", "    features: [{name: alcohol, index: 10}]", "    sampling: 0.25", "");
    try (AgentedServer app = AgentedServer.start(MAIN, sampled, List.of("--port", "0"))) {
      int good = 400;
      int bad = 40;
      for (int i = 0; i < good + bad; i++) {
        Http.post(app.appPort(), "/predict", i % 11 == 0 ? SHORT_ROW : GOOD_ROW);
      }
      Scrape scrape = app.scrape();
      assertEquals(good + bad, scrape.value("model_predictions_total", "model", "wine"));
      assertEquals(
          bad,
          scrape.value(
              "model_prediction_errors_total",
              "model",
              "wine",
              "exception",
              "java.lang.IllegalArgumentException"));
      assertEquals(0, scrape.value("model_predictions_in_flight", "model", "wine"));
      double timed = scrape.value("model_prediction_duration_seconds_count", "model", "wine");
      double rows = scrape.value("model_batch_rows_count", "model", "wine");
      // 440 calls at 0.25: 110 expected, sd 9.1; 60..160 is more than 5 sd either way
      assertTrue(timed > 60 && timed < 160, "timed calls: " + timed);
      // every sampled call's row counts; a failing call's short row has no alcohol (an extraction
      // error, and the feature counts as missing in that row)
      assertEquals(timed, rows);
      double unreadable = scrape.value("modelwatch_agent_errors_total", "stage", "extract");
      assertEquals(
          unreadable,
          scrape.value("model_feature_missing_total", "model", "wine", "feature", "alcohol"));
      assertEquals(
          rows - unreadable,
          scrape.value("model_feature_value_count", "model", "wine", "feature", "alcohol"));
      assertTrue(unreadable > 0 && unreadable < rows / 3, "sampled failing calls: " + unreadable);
    }
  }

  @Test
  void countsExactlyUnderConcurrentRequests() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(MAIN, CONFIG, List.of("--port", "0", "--threads", "8"))) {
      int threads = 8;
      int perThread = 60;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int thread = t;
        results.add(
            pool.submit(
                () -> {
                  int errors = 0;
                  for (int i = 0; i < perThread; i++) {
                    boolean fail = (i + thread) % 10 == 0;
                    int status =
                        Http.post(app.appPort(), "/predict", fail ? SHORT_ROW : GOOD_ROW)
                            .statusCode();
                    errors += status == 500 ? 1 : 0;
                  }
                  return errors;
                }));
      }
      int errors = 0;
      for (Future<Integer> result : results) {
        errors += result.get();
      }
      pool.shutdown();
      assertEquals(threads * perThread / 10, errors);
      assertExactCounts(app.scrape(), threads * perThread, errors);
    }
  }

  @Test
  void recordsModelLoadedByALoaderThatDoesNotDelegateToTheSystemLoader() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(MAIN, CONFIG, List.of("--port", "0", "--isolated-loader"))) {
      for (int i = 0; i < 20; i++) {
        Http.post(app.appPort(), "/predict", i % 4 == 0 ? SHORT_ROW : GOOD_ROW);
      }
      assertExactCounts(app.scrape(), 20, 5);
    }
  }

  @Test
  void servesOpenMetricsByContentNegotiationAndHealth() throws Exception {
    try (AgentedServer app = AgentedServer.start(MAIN, CONFIG, List.of("--port", "0"))) {
      Http.post(app.appPort(), "/predict", GOOD_ROW);
      HttpResponse<String> open =
          Http.get(
              app.agentPort(),
              "/metrics",
              Map.of("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8"));
      assertEquals(200, open.statusCode());
      assertTrue(
          open.headers()
              .firstValue("Content-Type")
              .orElse("")
              .startsWith("application/openmetrics-text"));
      assertTrue(open.body().contains("model_predictions_total{model=\"wine\"} 1"), open.body());
      assertTrue(open.body().endsWith("# EOF\n"));
      HttpResponse<String> text = Http.get(app.agentPort(), "/metrics", Map.of());
      assertTrue(
          text.headers()
              .firstValue("Content-Type")
              .orElse("")
              .startsWith("text/plain; version=0.0.4"));
      assertFalse(text.body().contains("# EOF"));
      assertEquals(200, Http.get(app.agentPort(), "/-/healthy", Map.of()).statusCode());
    }
  }

  @Test
  void exportsJvmMetricsByDefaultAndNotWhenSwitchedOff() throws Exception {
    try (AgentedServer app = AgentedServer.start(MAIN, CONFIG, List.of("--port", "0"))) {
      Scrape scrape = app.scrape();
      assertTrue(scrape.hasMetric("jvm_memory_used_bytes"));
      assertTrue(scrape.hasMetric("process_cpu_seconds_total"));
      assertTrue(scrape.hasMetric("jvm_threads_current"));
    }
    String off = CONFIG.replace("  port: 9464\n", "  port: 9464\n  jvm_metrics: false\n");
    try (AgentedServer app = AgentedServer.start(MAIN, off, List.of("--port", "0"))) {
      Scrape scrape = app.scrape();
      assertFalse(scrape.hasMetric("jvm_memory_used_bytes"));
      assertEquals(0, scrape.value("model_predictions_total", "model", "wine"));
    }
  }

  static void assertExactCounts(Scrape scrape, int calls, int errors) {
    assertEquals(calls, scrape.value("model_predictions_total", "model", "wine"), scrape.text());
    assertEquals(calls, scrape.value("model_prediction_duration_seconds_count", "model", "wine"));
    assertEquals(
        calls,
        scrape.value("model_prediction_duration_seconds_bucket", "model", "wine", "le", "+Inf"));
    assertTrue(scrape.value("model_prediction_duration_seconds_sum", "model", "wine") > 0);
    assertEquals(0, scrape.value("model_predictions_in_flight", "model", "wine"));
    if (errors > 0) {
      assertEquals(
          errors,
          scrape.value(
              "model_prediction_errors_total",
              "model",
              "wine",
              "exception",
              "java.lang.IllegalArgumentException"));
    }
    assertEquals(1, scrape.value("modelwatch_agent_instrumented_methods"));
    for (String stage : new String[] {"config", "install", "transform", "enter", "exit"}) {
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", stage), stage);
    }
  }
}
