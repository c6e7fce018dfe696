package dev.modelwatch.agent.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RecordingCellsTest {
  @Test
  void labelCountsAreCappedWithOther() {
    LabelCounts counts = new LabelCounts(3);
    for (int i = 0; i < 10; i++) {
      counts.increment("e" + i);
    }
    counts.increment("e0");
    assertEquals(4, counts.counts().size());
    assertEquals(2, counts.counts().get("e0").sum());
    assertEquals(7, counts.counts().get(LabelCounts.OTHER).sum());
  }

  @Test
  void histogramBucketsFollowPrometheusLeSemantics() {
    CellLayout layout = new CellLayout();
    NumericHistogram histogram = new NumericHistogram("x", new double[] {1, 2, 3}, 0, 2.5, layout);
    long[] cells = new long[layout.size()];
    for (double v :
        new double[] {-1, 1, 1.0000001, 2, 3, 3.5, Double.POSITIVE_INFINITY, Double.NaN}) {
      histogram.record(cells, v);
    }
    assertArrayEquals(new long[] {2, 2, 1, 2}, histogram.bucketCounts(cells));
    assertEquals(1, histogram.missing(cells));
    // -1, 3, 3.5 and +Inf are outside [0, 2.5]
    assertEquals(4, histogram.outOfRange(cells));
  }

  @Test
  void countsOfThreadsThatEndedAreKeptAfterTheirCellsAreDropped() throws Exception {
    CellLayout layout = new CellLayout();
    int slot = layout.longs(1);
    int sumSlot = layout.doubleSlot();
    CellRegistry registry = new CellRegistry(1, model -> layout);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                ThreadCells mine = registry.register(Thread.currentThread());
                long[] cells = registry.cellsFor(mine, 0);
                for (int i = 0; i < 1000; i++) {
                  Cells.increment(cells, slot);
                  Cells.addDouble(cells, sumSlot, 0.5);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long[] sum = registry.sum(0);
    assertEquals(8000, sum[slot]);
    assertEquals(4000.0, Double.longBitsToDouble(sum[sumSlot]));
    assertEquals(0, registry.liveThreads(), "ended threads are folded away");
    long[] again = registry.sum(0);
    assertEquals(8000, again[slot]);
    assertEquals(4000.0, Double.longBitsToDouble(again[sumSlot]));
  }

  @Test
  void identityLookupResolvesEachObjectOnceAndForgetsCollectedOnes() {
    AtomicInteger resolved = new AtomicInteger();
    IdentityLookup<String> lookup =
        new IdentityLookup<>(
            key -> {
              resolved.incrementAndGet();
              return key instanceof StringBuilder ? null : "model-" + key;
            });
    Object[] keys = new Object[100];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = Integer.valueOf(1000 + i);
    }
    for (int round = 0; round < 3; round++) {
      for (Object key : keys) {
        assertEquals("model-" + key, lookup.get(key));
      }
    }
    StringBuilder unmatched = new StringBuilder();
    assertNull(lookup.get(unmatched));
    assertNull(lookup.get(unmatched));
    assertEquals(101, resolved.get());
    Integer equalButDistinct = new Integer(1000);
    assertEquals("model-1000", lookup.get(equalButDistinct));
    assertEquals(102, resolved.get(), "keys are compared by identity, not equals");
    assertSame(lookup.get(keys[0]), lookup.get(keys[0]));
  }
}
