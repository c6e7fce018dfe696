package dev.modelwatch.agent.page;

/**
 * A quantile of a classic histogram, the way Prometheus's {@code histogram_quantile} computes it:
 * linear interpolation inside the bucket that holds the rank, the first bucket starting at 0, and
 * the last finite bound for ranks that fall in the {@code +Inf} bucket.
 */
final class HistogramQuantile {
  private HistogramQuantile() {}

  /**
   * @param upperBounds bucket upper bounds, ascending, the last one {@code +Inf}
   * @param counts per-bucket (not cumulative) counts
   * @return the quantile, or NaN when the histogram is empty
   */
  static double of(double q, double[] upperBounds, long[] counts) {
    long total = 0;
    for (long c : counts) {
      total += c;
    }
    if (total == 0) {
      return Double.NaN;
    }
    double rank = q * total;
    long cumulative = 0;
    for (int i = 0; i < counts.length; i++) {
      long before = cumulative;
      cumulative += counts[i];
      if (cumulative >= rank && counts[i] > 0) {
        if (Double.isInfinite(upperBounds[i])) {
          return i == 0 ? Double.NaN : upperBounds[i - 1];
        }
        double lower = i == 0 ? 0 : upperBounds[i - 1];
        return lower + (upperBounds[i] - lower) * (rank - before) / counts[i];
      }
    }
    return upperBounds[upperBounds.length - 2];
  }
}
