package dev.modelwatch.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/** The cap on data-derived label values holds exactly, also when threads race to add new values. */
class LabelCountsCapTest {

  @Test
  void sixteenThreadsAddingDistinctValuesNeverExceedTheCap() throws Exception {
    LabelCounts counts = new LabelCounts(20);
    int threads = 16;
    int perThread = 5_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      final int id = t;
      workers[t] =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                for (int i = 0; i < perThread; i++) {
                  counts.increment("v" + id + "-" + i);
                }
              });
      workers[t].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    assertEquals(21, counts.counts().size());
    long total = counts.counts().values().stream().mapToLong(a -> a.sum()).sum();
    assertEquals((long) threads * perThread, total);
    assertEquals((long) threads * perThread - 20, counts.counts().get(LabelCounts.OTHER).sum());
  }

  @Test
  void valuesLongerThanTheMaximumAreCountedAsOther() {
    LabelCounts counts = new LabelCounts(20);
    String payload = "x".repeat(LabelCounts.MAX_LENGTH + 1);
    counts.increment(payload);
    counts.increment("x".repeat(LabelCounts.MAX_LENGTH));
    assertEquals(1, counts.counts().get(LabelCounts.OTHER).sum());
    assertEquals(1, counts.counts().get("x".repeat(LabelCounts.MAX_LENGTH)).sum());
    assertEquals(2, counts.counts().size());
  }
}
