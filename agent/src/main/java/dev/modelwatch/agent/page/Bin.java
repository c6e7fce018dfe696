package dev.modelwatch.agent.page;

/**
 * One bin of a column: its label, the baseline's share, the live share and the live count. The live
 * values cover the drift window for a column with a baseline, and every value since start for a
 * column without one.
 */
public final class Bin {
  final String label;
  final double baseline;
  final double live;
  final long count;

  Bin(String label, double baseline, double live) {
    this(label, baseline, live, -1);
  }

  /**
   * @param baseline NaN without a baseline
   * @param count live values in the bin, -1 when not known
   */
  Bin(String label, double baseline, double live, long count) {
    this.label = label;
    this.baseline = baseline;
    this.live = live;
    this.count = count;
  }

  public String label() {
    return label;
  }

  /** NaN for a column without a baseline. */
  public double baseline() {
    return baseline;
  }

  /** NaN when no value has been counted. */
  public double live() {
    return live;
  }

  /** Live values in the bin; -1 when not known. */
  public long count() {
    return count;
  }
}
