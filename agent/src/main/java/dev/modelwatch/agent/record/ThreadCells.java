package dev.modelwatch.agent.record;

import java.lang.ref.WeakReference;

/**
 * The recording cells of one writer: one {@code long[]} per model, created by the writer on its
 * first call of that model. Registered with {@link CellRegistry} so scrapes can sum them.
 *
 * <p>A platform thread owns its cells for its life. Virtual threads, one per request on many
 * servers, are too many to give each its own: they borrow cells from the registry's pool for one
 * call ({@link #lent}), so the writer is still single at any moment and memory follows the number
 * of calls under way, not the number of threads that ever called.
 */
public final class ThreadCells {
  /** The owning platform thread; null for cells lent to one call at a time. */
  private final WeakReference<Thread> owner;

  private final CellRegistry registry;

  /** Set once lent cells are given up for good: they will not change again. */
  private volatile boolean retired;

  private volatile long[][] byModel;
  private final RecordingSink sink = new RecordingSink();
  private long random;

  ThreadCells(Thread owner, int models, CellRegistry registry) {
    this.owner = owner == null ? null : new WeakReference<>(owner);
    this.registry = registry;
    this.byModel = new long[models][];
    this.random = System.nanoTime() ^ ((long) System.identityHashCode(this) << 32) | 1;
  }

  /**
   * A thread keeps its cells across recorders (a reloaded config); they count only for their own.
   */
  boolean belongsTo(CellRegistry candidate) {
    return registry == candidate;
  }

  /** True for cells lent to one call by the pool: the call gives them back when it ends. */
  boolean lent() {
    return owner == null;
  }

  /** Ends the lending of these cells: back to the pool, or retired when the pool is full. */
  void giveBack() {
    registry.giveBack(this);
  }

  void retire() {
    retired = true;
  }

  RecordingSink sink() {
    return sink;
  }

  /** True for a share {@code rate} of calls: a per-thread xorshift generator, no shared state. */
  boolean sampled(double rate) {
    return rate >= 1.0 || uniform() < rate;
  }

  /** A uniform draw in [0, 1) from this thread's xorshift generator. */
  double uniform() {
    long x = random;
    x ^= x << 13;
    x ^= x >>> 7;
    x ^= x << 17;
    random = x;
    return (x >>> 11) * 0x1.0p-53;
  }

  /**
   * The number of calls up to and including the next one chosen at {@code rate}: geometric, as the
   * gaps between the successes of a draw per call at that rate, so counting a gap down costs a
   * decrement per call instead of a draw.
   */
  long gap(double rate) {
    if (rate >= 1.0) {
      return 1;
    }
    // 1 - uniform() lies in (0, 1], so the logarithm is finite
    double calls = Math.floor(Math.log(1 - uniform()) / Math.log1p(-rate));
    return calls >= Long.MAX_VALUE - 1 ? Long.MAX_VALUE : 1 + (long) calls;
  }

  /**
   * This writer's cells for {@code model}, or null if it has not recorded that model yet; read by
   * the owning thread, and by scrapes summing every writer's cells (which read its slots with
   * acquire loads, see {@link Cells}).
   */
  public long[] peek(int model) {
    long[][] cells = byModel;
    return model < cells.length ? cells[model] : null;
  }

  /** Only the owning thread calls this. */
  long[] create(int model, int size) {
    long[][] cells = byModel;
    if (model >= cells.length) {
      long[][] grown = new long[Math.max(model + 1, cells.length * 2)][];
      System.arraycopy(cells, 0, grown, 0, cells.length);
      cells = grown;
    }
    long[] created = new long[size];
    cells[model] = created;
    byModel = cells; // volatile write publishes the new array to scrapes
    return created;
  }

  long[][] snapshot() {
    return byModel;
  }

  /**
   * True once the owning thread has ended (or lent cells retired): they will never change again.
   */
  boolean ownerGone() {
    if (owner == null) {
      return retired;
    }
    Thread thread = owner.get();
    return thread == null || !thread.isAlive();
  }
}
