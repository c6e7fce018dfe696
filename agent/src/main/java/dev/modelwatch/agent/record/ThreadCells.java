package dev.modelwatch.agent.record;

import java.lang.ref.WeakReference;

/**
 * The recording cells of one thread: one {@code long[]} per model, created by the owning thread on
 * its first call of that model. Registered with {@link CellRegistry} so scrapes can sum them.
 */
public final class ThreadCells {
  private final WeakReference<Thread> owner;
  private final CellRegistry registry;
  private volatile long[][] byModel;
  private final RecordingSink sink = new RecordingSink();
  private long random;

  ThreadCells(Thread owner, int models, CellRegistry registry) {
    this.owner = new WeakReference<>(owner);
    this.registry = registry;
    this.byModel = new long[models][];
    this.random = System.nanoTime() ^ ((long) System.identityHashCode(this) << 32) | 1;
  }

  /** A thread keeps its cells across recorders (a reloaded config); they count only for their own. */
  boolean belongsTo(CellRegistry candidate) {
    return registry == candidate;
  }

  RecordingSink sink() {
    return sink;
  }

  /** True for a share {@code rate} of calls: a per-thread xorshift generator, no shared state. */
  boolean sampled(double rate) {
    if (rate >= 1.0) {
      return true;
    }
    long x = random;
    x ^= x << 13;
    x ^= x >>> 7;
    x ^= x << 17;
    random = x;
    return (x >>> 11) * 0x1.0p-53 < rate;
  }

  /** The calling thread's cells for {@code model}, or null if it has not recorded that model yet. */
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

  /** True once the owning thread has ended: its cells will never change again. */
  boolean ownerGone() {
    Thread thread = owner.get();
    return thread == null || !thread.isAlive();
  }
}
