package dev.modelwatch.agent.record;

/** Upper bounds of the prediction-latency histogram, in seconds, with their nanosecond forms. */
public final class LatencyBuckets {
  /** Finer than Prometheus's defaults at the low end: many models answer in well under 5 ms. */
  private static final double[] SECONDS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private static final long[] NANOS = new long[SECONDS.length];

  static {
    for (int i = 0; i < SECONDS.length; i++) {
      NANOS[i] = Math.round(SECONDS[i] * 1e9);
    }
  }

  private LatencyBuckets() {}

  /** Bucket index of a duration: the first bound it does not exceed, or the +Inf bucket. */
  public static int indexOf(long nanos) {
    int i = 0;
    while (i < NANOS.length && nanos > NANOS[i]) {
      i++;
    }
    return i;
  }

  /** Number of buckets, +Inf included. */
  public static int count() {
    return SECONDS.length + 1;
  }

  /** Upper bounds in seconds, +Inf included. */
  public static double[] upperBounds() {
    double[] bounds = new double[SECONDS.length + 1];
    System.arraycopy(SECONDS, 0, bounds, 0, SECONDS.length);
    bounds[SECONDS.length] = Double.POSITIVE_INFINITY;
    return bounds;
  }
}
