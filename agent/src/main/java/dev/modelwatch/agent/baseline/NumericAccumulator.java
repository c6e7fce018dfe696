package dev.modelwatch.agent.baseline;

import dev.modelwatch.config.baseline.NumericDistribution;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Collects the values of one numeric column in memory (8 bytes per value) so that quantiles and bin
 * shares are exact: a few million rows per column fit in a default heap.
 */
final class NumericAccumulator {

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

  private double[] values = new double[1024];
  private int size;
  private long missing;

  /** Adds one raw value; returns why it is not a number, or null when accepted. */
  String accept(String raw) {
    if (MissingValues.isMissing(raw)) {
      missing++;
      return null;
    }
    String text = raw.trim();
    if (!DECIMAL.matcher(text).matches()) {
      return "'" + raw + "' is not a number";
    }
    double value = Double.parseDouble(text);
    if (!Double.isFinite(value)) {
      return "'" + raw + "' is too large for a double";
    }
    add(value);
    return null;
  }

  /** Adds one value recorded live; NaN counts as missing, infinities are skipped. */
  void accept(double value) {
    if (Double.isNaN(value)) {
      missing++;
    } else if (Double.isFinite(value)) {
      add(value);
    }
  }

  private void add(double value) {
    if (size == values.length) {
      if (size == Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("more than " + size + " values in one column");
      }
      values = Arrays.copyOf(values, (int) Math.min(Integer.MAX_VALUE - 8, 2L * size));
    }
    values[size++] = value;
  }

  long present() {
    return size;
  }

  long missing() {
    return missing;
  }

  /**
   * The distribution over {@code bins} quantile bins. Edges are the quantiles at {@code j / bins}
   * for {@code j = 1 .. bins - 1}, by linear interpolation between order statistics (Hyndman and
   * Fan type 7, the default of NumPy, R and pandas), with repeated edges dropped. Shares count the
   * values in each bin exactly, with {@code le} semantics. The standard deviation is the sample one
   * (divisor n - 1), 0 for a single value. Requires at least one value.
   */
  NumericDistribution toDistribution(int bins, long rows) {
    double[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    double[] edges = new double[bins - 1];
    int edgeCount = 0;
    for (int j = 1; j < bins; j++) {
      double edge = quantile(sorted, (double) j / bins);
      if (edgeCount == 0 || edge > edges[edgeCount - 1]) {
        edges[edgeCount++] = edge;
      }
    }
    edges = Arrays.copyOf(edges, edgeCount);
    double[] shares = new double[edgeCount + 1];
    int below = 0;
    for (int i = 0; i < edgeCount; i++) {
      int atOrBelow = upperBound(sorted, edges[i]);
      shares[i] = (double) (atOrBelow - below) / size;
      below = atOrBelow;
    }
    shares[edgeCount] = (double) (size - below) / size;
    double sum = 0;
    for (double v : sorted) {
      sum += v;
    }
    double mean = sum / size;
    double squares = 0;
    for (double v : sorted) {
      squares += (v - mean) * (v - mean);
    }
    double stddev = size > 1 ? Math.sqrt(squares / (size - 1)) : 0.0;
    // keep the mean inside [min, max] when rounding of a constant column pushes it out
    mean = Math.min(Math.max(mean, sorted[0]), sorted[size - 1]);
    return new NumericDistribution(
        edges,
        shares,
        sorted[0],
        sorted[size - 1],
        mean,
        stddev,
        rows == 0 ? 0 : (double) missing / rows,
        size);
  }

  /** Type 7 quantile of sorted values: x[h] interpolated at h = (n - 1) p. */
  static double quantile(double[] sorted, double p) {
    double h = (sorted.length - 1) * p;
    int lower = (int) Math.floor(h);
    if (lower + 1 >= sorted.length) {
      return sorted[sorted.length - 1];
    }
    return sorted[lower] + (h - lower) * (sorted[lower + 1] - sorted[lower]);
  }

  /** Number of values {@code <= x}. */
  private static int upperBound(double[] sorted, double x) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] <= x) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }
}
