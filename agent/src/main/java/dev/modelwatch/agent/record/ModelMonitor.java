package dev.modelwatch.agent.record;

import dev.modelwatch.config.ModelConfig;

/**
 * One configured model at run time: its index, its cell layout, and what is recorded per call.
 * Everything here is resolved once at set-up; the per-call methods only index arrays.
 */
public final class ModelMonitor {
  private final int id;
  private final ModelConfig config;
  private final CellLayout layout = new CellLayout();
  private final int started;
  private final int finished;
  private final int latencyBuckets;
  private final int latencySumNanos;
  private final LabelCounts errors;

  public ModelMonitor(int id, ModelConfig config, int exceptionLimit) {
    this.id = id;
    this.config = config;
    // finished before started: sums read slots in order, so in-flight never goes negative
    this.finished = layout.longs(1);
    this.started = layout.longs(1);
    this.latencyBuckets = layout.longs(LatencyBuckets.count());
    this.latencySumNanos = layout.longs(1);
    this.errors = new LabelCounts(exceptionLimit);
  }

  public int id() {
    return id;
  }

  public String name() {
    return config.name();
  }

  public ModelConfig config() {
    return config;
  }

  public CellLayout layout() {
    return layout;
  }

  public void callStarted(long[] cells) {
    Cells.increment(cells, started);
  }

  public void callFinished(long[] cells, long nanos, Throwable thrown) {
    Cells.increment(cells, latencyBuckets + LatencyBuckets.indexOf(nanos));
    Cells.add(cells, latencySumNanos, nanos);
    Cells.increment(cells, finished);
    if (thrown != null) {
      errors.increment(thrown.getClass().getName());
    }
  }

  public LabelCounts errors() {
    return errors;
  }

  /** Reads the totals of this model out of summed cells (see {@link CellRegistry#sum}). */
  public CallTotals totals(long[] sum) {
    long[] buckets = new long[LatencyBuckets.count()];
    System.arraycopy(sum, latencyBuckets, buckets, 0, buckets.length);
    return new CallTotals(sum[started], sum[finished], buckets, sum[latencySumNanos]);
  }

  /** Call counts of one model, summed over threads. */
  public static final class CallTotals {
    public final long started;
    public final long finished;
    public final long[] latencyBuckets;
    public final long latencySumNanos;

    CallTotals(long started, long finished, long[] latencyBuckets, long latencySumNanos) {
      this.started = started;
      this.finished = finished;
      this.latencyBuckets = latencyBuckets;
      this.latencySumNanos = latencySumNanos;
    }

    /** Started minus finished; never negative (finished is read first when summing). */
    public long inFlight() {
      return Math.max(0, started - finished);
    }
  }
}
