package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Faults thrown at the agent in a real child JVM: arguments of unexpected types, null, huge arrays,
 * methods that throw at their first instruction, after their work, checked exceptions they do not
 * declare, Errors, and nested failing calls; 16 threads calling while {@code /metrics} is scraped
 * in a loop. Every call's result and exception (the very object, its message and its top stack
 * frame) must be what the same scenario gives without the agent, and the counts must be exact.
 */
class FaultInjectionTest {
  static final String[] THROWN = {
    "java.lang.IllegalStateException",
    "java.lang.IllegalArgumentException",
    "java.io.IOException",
    "java.lang.AssertionError"
  };

  @Test
  void everyResultAndExceptionIsTheSameAsWithoutTheAgentAndCountsAreExact() throws Exception {
    int calls = 1800; // 100 rounds through the 18 inputs
    Map<String, String> without;
    try (ForkedServer plain = ForkedServer.start(Scenarios.MAIN, List.of("--port", "0"))) {
      without = Scenarios.run(plain, "scenario=faults&calls=" + calls);
    }
    try (AgentedServer app =
        AgentedServer.start(Scenarios.MAIN, Scenarios.FAULTY, List.of("--port", "0"))) {
      Map<String, String> with = Scenarios.run(app.server(), "scenario=faults&calls=" + calls);
      assertEquals(without, with);
      Scrape scrape = app.scrape();
      assertEquals(calls, scrape.value("model_predictions_total", "model", "faults"));
      long errors = 0;
      for (String exception : THROWN) {
        long thrown = Scenarios.thrown(with, exception);
        assertEquals(100, thrown, exception);
        assertEquals(
            thrown,
            scrape.value(
                "model_prediction_errors_total", "model", "faults", "exception", exception));
        errors += thrown;
      }
      assertEquals(
          errors,
          scrape.value("model_prediction_duration_seconds_count", "model", "faults")
              - (calls - errors));
      assertEquals(0, scrape.value("model_predictions_in_flight", "model", "faults"));
      for (String stage : new String[] {"install", "transform", "enter", "exit"}) {
        assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", stage), stage);
      }
      assertTrue(with.get("digest").matches("[0-9a-f]{64}"));
    }
  }

  @Test
  void sixteenThreadsCallingWhileMetricsAreScrapedKeepResultsAndCountsExactWithoutDeadlock()
      throws Exception {
    int threads = 16;
    int calls = 1800;
    String query = "scenario=hammer&threads=" + threads + "&calls=" + calls;
    Map<String, String> without;
    try (ForkedServer plain = ForkedServer.start(Scenarios.MAIN, List.of("--port", "0"))) {
      without = Scenarios.run(plain, query);
    }
    try (AgentedServer app =
        AgentedServer.start(Scenarios.MAIN, Scenarios.FAULTY, List.of("--port", "0"))) {
      AtomicBoolean done = new AtomicBoolean();
      AtomicInteger scrapes = new AtomicInteger();
      ExecutorService scrapers = Executors.newFixedThreadPool(2);
      List<Future<?>> loops = new java.util.ArrayList<>();
      for (int s = 0; s < 2; s++) {
        loops.add(
            scrapers.submit(
                () -> {
                  while (!done.get()) {
                    HttpResponse<String> response = Http.get(app.agentPort(), "/metrics", Map.of());
                    assertEquals(200, response.statusCode());
                    scrapes.incrementAndGet();
                  }
                  return null;
                }));
      }
      Map<String, String> with;
      try {
        with = Scenarios.run(app.server(), query);
      } finally {
        done.set(true);
      }
      for (Future<?> loop : loops) {
        loop.get(30, TimeUnit.SECONDS);
      }
      scrapers.shutdown();
      assertEquals(without, with);
      assertTrue(scrapes.get() >= 2, "scrapes during the run: " + scrapes.get());
      Scrape scrape = app.scrape();
      long total = (long) threads * calls;
      assertEquals(total, scrape.value("model_predictions_total", "model", "faults"));
      assertEquals(
          total, scrape.value("model_prediction_duration_seconds_count", "model", "faults"));
      for (String exception : THROWN) {
        assertEquals(
            Scenarios.thrown(with, exception),
            scrape.value(
                "model_prediction_errors_total", "model", "faults", "exception", exception),
            exception);
      }
      assertEquals(total / 18, Scenarios.thrown(with, "java.lang.AssertionError"));
      assertEquals(0, scrape.value("model_predictions_in_flight", "model", "faults"));
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "enter"));
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "exit"));
    }
  }
}
