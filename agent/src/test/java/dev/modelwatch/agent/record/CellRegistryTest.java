package dev.modelwatch.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cells stay bounded by the writers alive or under way, never by the writers that ever were. */
class CellRegistryTest {
  private static final CellLayout ONE_COUNTER = layout();

  private static CellLayout layout() {
    CellLayout layout = new CellLayout();
    layout.longs(1);
    return layout;
  }

  @Test
  void endedPlatformThreadsAreFoldedWithoutAnyScrape() throws Exception {
    CellRegistry registry = new CellRegistry(1, model -> ONE_COUNTER);
    int threads = 3_000;
    for (int i = 0; i < threads; i++) {
      Thread thread =
          new Thread(
              () -> {
                ThreadCells own = registry.register(Thread.currentThread());
                Cells.publish(registry.cellsFor(own, 0), 0);
              });
      thread.start();
      thread.join();
    }
    assertTrue(registry.liveThreads() <= 64, "cells kept: " + registry.liveThreads());
    assertEquals(threads, registry.sum(0)[0]);
    assertEquals(0, registry.liveThreads());
  }

  @Test
  void lentCellsComeBackToThePoolAndNothingIsLost() {
    CellRegistry registry = new CellRegistry(1, model -> ONE_COUNTER);
    ThreadCells first = registry.borrow();
    assertTrue(first.lent());
    Cells.publish(registry.cellsFor(first, 0), 0);
    first.giveBack();
    ThreadCells again = registry.borrow();
    assertSame(first, again, "an idle pooled set is lent again");
    Cells.publish(registry.cellsFor(again, 0), 0);
    again.giveBack();
    assertEquals(1, registry.liveThreads());
    assertEquals(2, registry.sum(0)[0]);
  }

  @Test
  void moreCallsAtOnceThanPoolSlotsRetireTheSurplusAfterwards() {
    CellRegistry registry = new CellRegistry(1, model -> ONE_COUNTER);
    List<ThreadCells> atOnce = new ArrayList<>();
    int calls = 500;
    for (int i = 0; i < calls; i++) {
      ThreadCells cells = registry.borrow();
      for (ThreadCells other : atOnce) {
        assertNotSame(other, cells, "cells are lent to one call at a time");
      }
      atOnce.add(cells);
      Cells.publish(registry.cellsFor(cells, 0), 0);
    }
    assertEquals(calls, registry.liveThreads());
    atOnce.forEach(ThreadCells::giveBack);
    assertEquals(calls, registry.sum(0)[0]);
    assertTrue(registry.liveThreads() <= 64, "idle cells kept: " + registry.liveThreads());
  }

  @Test
  void manyVirtualStyleCallsFromManyThreadsCountExactly() throws Exception {
    CellRegistry registry = new CellRegistry(1, model -> ONE_COUNTER);
    int threads = 4;
    int callsEach = 100_000;
    List<Thread> started = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                for (int i = 0; i < callsEach; i++) {
                  ThreadCells cells = registry.borrow();
                  long[] counters = registry.cellsFor(cells, 0);
                  Cells.increment(counters, 0);
                  cells.giveBack();
                }
              });
      thread.start();
      started.add(thread);
    }
    for (Thread thread : started) {
      thread.join();
    }
    assertEquals((long) threads * callsEach, registry.sum(0)[0]);
    assertTrue(registry.liveThreads() <= 64, "cells kept: " + registry.liveThreads());
  }
}
