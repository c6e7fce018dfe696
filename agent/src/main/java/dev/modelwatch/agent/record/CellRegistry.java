package dev.modelwatch.agent.record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * All writers' cells. Scrapes sum them; the cells of threads that have ended are folded into one
 * retired array per model and dropped, so no count is lost and memory does not grow with the number
 * of threads that ever called: at each scrape, and on the registering side once as many cells were
 * registered since the last fold as were live after it (so a JVM nobody scrapes stays bounded too).
 *
 * <p>Platform threads own their cells ({@link #register}). Virtual threads borrow cells from a pool
 * of idle ones for one call ({@link #borrow}) and give them back when it ends: the pool's slots are
 * claimed and freed by compare-and-set, which also orders one borrower's plain writes before the
 * next one's. Cells are created only when every idle slot is taken, so their number follows the
 * calls under way at once; cells returned to a full pool are retired and folded like an ended
 * thread's.
 */
public final class CellRegistry {
  private static final int POOL_SLOTS = poolSlots();
  private static final int FOLD_AT_LEAST = 64;

  private final ConcurrentLinkedQueue<ThreadCells> live = new ConcurrentLinkedQueue<>();
  private final AtomicReferenceArray<ThreadCells> idle = new AtomicReferenceArray<>(POOL_SLOTS);

  /** Guards {@link #retired} and folding; registration only tries it, never waits on a scrape. */
  private final ReentrantLock foldLock = new ReentrantLock();

  private final AtomicInteger registeredSinceFold = new AtomicInteger();
  private volatile int foldAfter = FOLD_AT_LEAST;
  private final List<long[]> retired = new ArrayList<>();
  private final IntFunction<CellLayout> layouts;
  private final int initialModels;

  public CellRegistry(int initialModels, IntFunction<CellLayout> layouts) {
    this.initialModels = Math.max(1, initialModels);
    this.layouts = layouts;
  }

  /** Cells owned by {@code thread} for its life. */
  public ThreadCells register(Thread thread) {
    ThreadCells cells = new ThreadCells(thread, initialModels, this);
    live.add(cells);
    if (registeredSinceFold.incrementAndGet() >= foldAfter && foldLock.tryLock()) {
      try {
        foldEndedThreads();
      } finally {
        foldLock.unlock();
      }
    }
    return cells;
  }

  /** Idle cells for one call of the calling (virtual) thread; {@link #giveBack} ends the loan. */
  ThreadCells borrow() {
    int start = probe();
    for (int i = 0; i < POOL_SLOTS; i++) {
      int slot = (start + i) & (POOL_SLOTS - 1);
      ThreadCells cells = idle.get(slot);
      if (cells != null && idle.compareAndSet(slot, cells, null)) {
        return cells;
      }
    }
    return register(null);
  }

  void giveBack(ThreadCells cells) {
    int start = probe();
    for (int i = 0; i < POOL_SLOTS; i++) {
      int slot = (start + i) & (POOL_SLOTS - 1);
      if (idle.get(slot) == null && idle.compareAndSet(slot, null, cells)) {
        return;
      }
    }
    cells.retire();
  }

  /** Cells of the calling thread for {@code model}, created on its first use. */
  public long[] cellsFor(ThreadCells threadCells, int model) {
    long[] cells = threadCells.peek(model);
    return cells != null ? cells : threadCells.create(model, layouts.apply(model).size());
  }

  /**
   * Lets {@code writer} add to cells of {@code model} that no call is using, from a thread that is
   * not recording a call (a scrape): the writes are made under the lock every {@link #sum} takes,
   * so every later sum sees them.
   */
  public void writeAside(int model, Consumer<long[]> writer) {
    ThreadCells lent = borrow();
    try {
      foldLock.lock();
      try {
        writer.accept(cellsFor(lent, model));
      } finally {
        foldLock.unlock();
      }
    } finally {
      giveBack(lent);
    }
  }

  /** Sums every writer's cells of {@code model}; the result has the model's layout. */
  public long[] sum(int model) {
    return sumRange(model, model + 1)[0];
  }

  /**
   * Sums every writer's cells of models {@code 0} to {@code models - 1} in one pass: one scrape's
   * counts (see {@link CellSums}).
   */
  public CellSums sumAll(int models) {
    return new CellSums(sumRange(0, models));
  }

  /** The sums of models {@code first} to {@code end - 1}, at index {@code model - first}. */
  private long[][] sumRange(int first, int end) {
    foldLock.lock();
    try {
      foldEndedThreads();
      CellLayout[] layout = new CellLayout[end - first];
      long[][] sums = new long[end - first][];
      for (int model = first; model < end; model++) {
        layout[model - first] = layouts.apply(model);
        sums[model - first] = new long[layout[model - first].size()];
        if (model < retired.size() && retired.get(model) != null) {
          addInto(sums[model - first], retired.get(model), layout[model - first]);
        }
      }
      for (ThreadCells threadCells : live) {
        for (int model = first; model < end; model++) {
          long[] cells = threadCells.peek(model);
          if (cells != null) {
            addInto(sums[model - first], cells, layout[model - first]);
          }
        }
      }
      return sums;
    } finally {
      foldLock.unlock();
    }
  }

  /** Number of cell sets live: threads' own and lent ones (ended threads are folded away). */
  public int liveThreads() {
    return live.size();
  }

  /** Called with {@link #foldLock} held. */
  private void foldEndedThreads() {
    int remaining = 0;
    for (Iterator<ThreadCells> it = live.iterator(); it.hasNext(); ) {
      ThreadCells threadCells = it.next();
      if (!threadCells.ownerGone()) {
        remaining++;
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
    registeredSinceFold.set(0);
    foldAfter = Math.max(FOLD_AT_LEAST, remaining);
  }

  private static void addInto(long[] sum, long[] cells, CellLayout layout) {
    int n = Math.min(sum.length, cells.length);
    for (int i = 0; i < n; i++) {
      if (layout.isDouble(i)) {
        sum[i] =
            Double.doubleToRawLongBits(
                Double.longBitsToDouble(sum[i]) + Cells.readDouble(cells, i));
      } else {
        sum[i] += Cells.read(cells, i);
      }
    }
  }

  /**
   * Where a thread starts looking in the pool: spread by thread id, and the same at borrow and
   * give-back.
   */
  @SuppressWarnings("deprecation") // Thread.threadId() is JDK 19+; getId() is the same number
  private static int probe() {
    long id = Thread.currentThread().getId();
    return (int) (id * 0x9E3779B97F4A7C15L >>> 40);
  }

  /** Four per core (calls that block while lent hold theirs), a power of two from 8 to 64. */
  private static int poolSlots() {
    int wanted = Math.min(64, Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));
    return Integer.highestOneBit(wanted - 1) << 1;
  }
}
