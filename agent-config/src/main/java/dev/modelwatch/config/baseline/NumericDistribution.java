package dev.modelwatch.config.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Training distribution of one numeric feature or output.
 *
 * <p>Bins follow Prometheus {@code le} semantics: with edges {@code e[0] < ... < e[k-1]}, bin 0
 * holds values {@code <= e[0]}, bin {@code i} holds {@code e[i-1] < v <= e[i]}, and bin {@code k}
 * (the last) holds values {@code > e[k-1]}. So there are {@code edges + 1} shares, and they sum to
 * 1 over the non-missing values. {@code count} is the number of non-missing values the shares were
 * computed from; {@code missingShare} is the share of rows where the value was missing.
 *
 * <p>Instances are immutable. The constructor only copies; {@link #problems} reports what makes an
 * instance invalid, so a file loader can list every problem at once.
 */
public final class NumericDistribution {

  private final double[] edges;
  private final double[] shares;
  private final double min;
  private final double max;
  private final double mean;
  private final double stddev;
  private final double missingShare;
  private final long count;

  public NumericDistribution(
      double[] edges,
      double[] shares,
      double min,
      double max,
      double mean,
      double stddev,
      double missingShare,
      long count) {
    this.edges = Objects.requireNonNull(edges, "edges").clone();
    this.shares = Objects.requireNonNull(shares, "shares").clone();
    this.min = min;
    this.max = max;
    this.mean = mean;
    this.stddev = stddev;
    this.missingShare = missingShare;
    this.count = count;
  }

  /** Bin upper edges, strictly increasing (a copy). */
  public double[] edges() {
    return edges.clone();
  }

  /** Share of non-missing values per bin, {@code edges().length + 1} values (a copy). */
  public double[] shares() {
    return shares.clone();
  }

  /** Share of values {@code <= edges()[i]}, for each edge: what a Prometheus bucket shows. */
  public double[] cumulativeShares() {
    double[] cumulative = new double[edges.length];
    double sum = 0;
    for (int i = 0; i < edges.length; i++) {
      sum += shares[i];
      cumulative[i] = sum;
    }
    return cumulative;
  }

  /** Number of bins, {@code edges + 1}. */
  public int bins() {
    return shares.length;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  public double mean() {
    return mean;
  }

  /** Sample standard deviation (divisor n - 1; 0 for a single value). */
  public double stddev() {
    return stddev;
  }

  public double missingShare() {
    return missingShare;
  }

  /** Number of non-missing values. */
  public long count() {
    return count;
  }

  /**
   * Everything that makes this distribution invalid, each prefixed with {@code path} (for example
   * {@code features.alcohol}); empty when valid.
   */
  public List<String> problems(String path) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < edges.length; i++) {
      if (!Double.isFinite(edges[i])) {
        problems.add(path + ".edges[" + i + "]: must be a finite number, found " + edges[i]);
      } else if (i > 0 && Double.isFinite(edges[i - 1]) && !(edges[i] > edges[i - 1])) {
        problems.add(
            path
                + ".edges: must be strictly increasing, but edges["
                + i
                + "] = "
                + edges[i]
                + " follows edges["
                + (i - 1)
                + "] = "
                + edges[i - 1]);
      }
    }
    if (shares.length != edges.length + 1) {
      problems.add(
          path
              + ".shares: expected "
              + (edges.length + 1)
              + " values (edges + 1), found "
              + shares.length);
    }
    ShareChecks.checkShares(path + ".shares", shares, problems);
    if (!Double.isFinite(min)) {
      problems.add(path + ".min: must be a finite number, found " + min);
    }
    if (!Double.isFinite(max)) {
      problems.add(path + ".max: must be a finite number, found " + max);
    }
    if (Double.isFinite(min) && Double.isFinite(max) && min > max) {
      problems.add(path + ".min: must be <= max (" + max + "), found " + min);
    }
    if (!Double.isFinite(mean)) {
      problems.add(path + ".mean: must be a finite number, found " + mean);
    } else if (min <= max && (mean < min || mean > max) && !nearlyEqual(mean, min, max)) {
      problems.add(
          path + ".mean: must lie between min (" + min + ") and max (" + max + "), found " + mean);
    }
    if (!(stddev >= 0) || stddev == Double.POSITIVE_INFINITY) {
      problems.add(path + ".stddev: must be a finite number >= 0, found " + stddev);
    }
    ShareChecks.checkShare(path + ".missing_share", missingShare, problems);
    if (count < 0) {
      problems.add(path + ".count: must be >= 0, found " + count);
    }
    return problems;
  }

  /** A mean computed in floating point can step just outside [min, max] for constant data. */
  private static boolean nearlyEqual(double mean, double min, double max) {
    double tolerance = 1e-9 * Math.max(1.0, Math.max(Math.abs(min), Math.abs(max)));
    return mean >= min - tolerance && mean <= max + tolerance;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NumericDistribution)) {
      return false;
    }
    NumericDistribution other = (NumericDistribution) o;
    return Arrays.equals(edges, other.edges)
        && Arrays.equals(shares, other.shares)
        && Double.compare(min, other.min) == 0
        && Double.compare(max, other.max) == 0
        && Double.compare(mean, other.mean) == 0
        && Double.compare(stddev, other.stddev) == 0
        && Double.compare(missingShare, other.missingShare) == 0
        && count == other.count;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        Arrays.hashCode(edges),
        Arrays.hashCode(shares),
        min,
        max,
        mean,
        stddev,
        missingShare,
        count);
  }

  @Override
  public String toString() {
    return "NumericDistribution{edges="
        + Arrays.toString(edges)
        + ", shares="
        + Arrays.toString(shares)
        + ", min="
        + min
        + ", max="
        + max
        + ", mean="
        + mean
        + ", stddev="
        + stddev
        + ", missingShare="
        + missingShare
        + ", count="
        + count
        + "}";
  }
}
