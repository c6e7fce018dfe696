package dev.modelwatch.testapps.plain;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Where the plain server's application code reports the true outcome of an earlier prediction (the
 * call an agent's {@code feedback.method} intercepts). It only counts them.
 */
public class OutcomeLog {
  private final AtomicLong recorded = new AtomicLong();

  /** One outcome: the prediction's id and its true quality. */
  public void record(String predictionId, double quality) {
    if (predictionId == null || predictionId.isEmpty()) {
      throw new IllegalArgumentException("an outcome needs the prediction id");
    }
    recorded.incrementAndGet();
  }

  public long recorded() {
    return recorded.get();
  }
}
