package dev.modelwatch.agent.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Many prediction threads hand over at once while an agent thread drains: nothing lost, nothing
 * doubled.
 */
class FeedbackConcurrencyTest {

  @Test
  void everyPredictionFromEveryThreadArrivesOnce() throws Exception {
    AgentConfig config =
        ConfigLoader.parse(
            String.join(
                "\n",
                "models:",
                "  - name: m",
                "    intercept: {class: com.acme.M, method: predict}",
                "    outputs: [{name: y, kind: regression}]",
                "    prediction_id: {argument: 0}",
                "    feedback: {max_pending: 20000, min_samples: 1}",
                ""),
            null);
    ModelFeedback feedback = ModelFeedback.of(config.models().get(0), config.limits());
    int threads = 8;
    int perThread = 2000; // 16,000 fit the 16,384-record queue even if the drainer never ran
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    Thread drainer =
        new Thread(
            () -> {
              while (!done.get()) {
                feedback.drain();
              }
            });
    drainer.start();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int thread = t;
      Thread worker =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    long id = thread * 1_000_000L + i;
                    feedback.predicted(id, null, 0, id % 7, null, System.nanoTime());
                  }
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join();
    }
    done.set(true);
    drainer.join();
    assertEquals(threads * perThread, feedback.snapshot().pending);
    double expectedAbs = 0;
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        long id = t * 1_000_000L + i;
        assertEquals(true, feedback.label(IdKeys.of(id), 0, null), "id " + id);
        expectedAbs += id % 7;
      }
    }
    ModelFeedback.Snapshot snapshot = feedback.snapshot();
    assertEquals(threads * perThread, snapshot.matched);
    assertEquals(0, snapshot.dropped);
    assertEquals(0, snapshot.pending);
    assertEquals(
        expectedAbs / (threads * perThread), snapshot.window.regressionMetrics().get("mae"), 1e-12);
  }
}
