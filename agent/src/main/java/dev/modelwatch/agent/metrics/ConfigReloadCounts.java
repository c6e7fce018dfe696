package dev.modelwatch.agent.metrics;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many changed configs were applied and how many rejected, and how many checks of the watched
 * files have completed (a count that stops growing means the watching is stuck); all exported from
 * the start, at 0.
 */
public final class ConfigReloadCounts {
  public static final String APPLIED = "applied";
  public static final String REJECTED = "rejected";

  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong checks = new AtomicLong();

  public void countApplied() {
    applied.incrementAndGet();
  }

  public void countRejected() {
    rejected.incrementAndGet();
  }

  public void countCheck() {
    checks.incrementAndGet();
  }

  public long applied() {
    return applied.get();
  }

  public long rejected() {
    return rejected.get();
  }

  public long checks() {
    return checks.get();
  }
}
