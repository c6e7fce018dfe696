package dev.modelwatch.agent.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntFunction;

/**
 * All threads' cells. Scrapes sum them; the cells of threads that have ended are folded into one
 * retired array per model and dropped, so thread pools that churn do not grow memory, and no count
 * is lost.
 */
public final class CellRegistry {
  private final ConcurrentLinkedQueue<ThreadCells> live = new ConcurrentLinkedQueue<>();
  private final List<long[]> retired = new ArrayList<>();
  private final IntFunction<CellLayout> layouts;
  private final int initialModels;

  public CellRegistry(int initialModels, IntFunction<CellLayout> layouts) {
    this.initialModels = Math.max(1, initialModels);
    this.layouts = layouts;
  }

  public ThreadCells register(Thread thread) {
    ThreadCells cells = new ThreadCells(thread, initialModels, this);
    live.add(cells);
    return cells;
  }

  /** Cells of the calling thread for {@code model}, created on its first use. */
  public long[] cellsFor(ThreadCells threadCells, int model) {
    long[] cells = threadCells.peek(model);
    return cells != null ? cells : threadCells.create(model, layouts.apply(model).size());
  }

  /** Sums every thread's cells of {@code model}; the result has the model's layout. */
  public synchronized long[] sum(int model) {
    foldEndedThreads();
    CellLayout layout = layouts.apply(model);
    long[] sum = new long[layout.size()];
    if (model < retired.size() && retired.get(model) != null) {
      addInto(sum, retired.get(model), layout);
    }
    for (ThreadCells threadCells : live) {
      long[] cells = threadCells.peek(model);
      if (cells != null) {
        addInto(sum, cells, layout);
      }
    }
    return sum;
  }

  /** Number of threads whose cells are live (ended threads are folded away at each scrape). */
  public int liveThreads() {
    return live.size();
  }

  private void foldEndedThreads() {
    for (Iterator<ThreadCells> it = live.iterator(); it.hasNext(); ) {
      ThreadCells threadCells = it.next();
      if (!threadCells.ownerGone()) {
        continue;
      }
      long[][] byModel = threadCells.snapshot();
      for (int model = 0; model < byModel.length; model++) {
        long[] cells = byModel[model];
        if (cells == null) {
          continue;
        }
        while (retired.size() <= model) {
          retired.add(null);
        }
        long[] target = retired.get(model);
        if (target == null) {
          retired.set(model, Arrays.copyOf(cells, cells.length));
        } else {
          addInto(target, cells, layouts.apply(model));
        }
      }
      it.remove();
    }
  }

  private static void addInto(long[] sum, long[] cells, CellLayout layout) {
    int n = Math.min(sum.length, cells.length);
    for (int i = 0; i < n; i++) {
      if (layout.isDouble(i)) {
        sum[i] =
            Double.doubleToRawLongBits(Double.longBitsToDouble(sum[i]) + Cells.readDouble(cells, i));
      } else {
        sum[i] += Cells.read(cells, i);
      }
    }
  }
}
