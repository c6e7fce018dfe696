package dev.modelwatch.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Labels counted in the recording cells ({@link CellLabels}): the cap holds exactly when threads
 * race to add new labels, every count lands once, equal labels that are different objects share a
 * slot, and known labels are there at 0 from the start. Counts are summed with the registry a
 * scrape uses.
 */
class CellLabelsTest {
  @Test
  void sixteenThreadsAddingDistinctLabelsNeverExceedTheCapAndLoseNoCount() throws Exception {
    CellLayout layout = new CellLayout();
    CellLabels labels = new CellLabels(20, List.of(), layout);
    int published = layout.longs(1); // a call's last write, as a model's finished slot
    CellRegistry registry = new CellRegistry(1, model -> layout);
    int threads = 16;
    int perThread = 5_000;
    CyclicBarrier start = new CyclicBarrier(threads);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread worker =
          new Thread(
              () -> {
                long[] cells = registry.cellsFor(registry.register(Thread.currentThread()), 0);
                try {
                  start.await();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
                for (int i = 0; i < perThread; i++) {
                  labels.increment(cells, "v" + id + "-" + i);
                  labels.increment(
                      cells, "shared-" + (i % 4)); // a new String each time, equal to earlier ones
                  Cells.publish(cells, published);
                }
              });
      worker.start();
      workers.add(worker);
    }
    for (Thread worker : workers) {
      worker.join();
    }
    Map<String, Long> counts = labels.counts(registry.sum(0));
    assertEquals(21, counts.size(), counts.toString());
    assertEquals(
        2L * threads * perThread, counts.values().stream().mapToLong(Long::longValue).sum());
    long shared = 0;
    for (int k = 0; k < 4; k++) {
      shared += counts.getOrDefault("shared-" + k, 0L);
    }
    long named =
        counts.entrySet().stream()
            .filter(e -> !e.getKey().equals(LabelCounts.OTHER))
            .mapToLong(Map.Entry::getValue)
            .sum();
    assertEquals(counts.get(LabelCounts.OTHER), 2L * threads * perThread - named);
    assertEquals(true, shared > 0);
  }

  @Test
  void knownLabelsStartAtZeroAndLongLabelsCountAsOther() {
    CellLayout layout = new CellLayout();
    CellLabels labels = new CellLabels(2, List.of("red", "white", "rose"), layout);
    layout.longs(1);
    long[] cells = new long[layout.size()];
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("red", 0L);
    expected.put("white", 0L);
    expected.put("rose", 0L);
    assertEquals(expected, labels.counts(cells), "the cap grows to the known labels");
    labels.increment(cells, new String("white"));
    labels.increment(cells, "x".repeat(LabelCounts.MAX_LENGTH + 1));
    labels.increment(cells, "orange"); // over the cap
    expected.put("white", 1L);
    expected.put(LabelCounts.OTHER, 2L);
    assertEquals(expected, labels.counts(cells));
    assertEquals(3, labels.total(cells));
  }
}
