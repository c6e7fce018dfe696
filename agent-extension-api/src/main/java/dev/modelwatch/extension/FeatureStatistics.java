package dev.modelwatch.extension;

import java.util.Objects;

/**
 * Training statistics of one input feature, as a library keeps them with its model. A sparse
 * library (Tribuo) keeps statistics of the values a row gave explicitly; a row without the feature
 * held 0. So: {@code count} explicit values, with their {@code mean}, {@code variance}, {@code
 * valuesMin} and {@code valuesMax}, among {@code rows} training rows; {@link #min()} and {@link
 * #max()} are the range over all rows (0 included when some row left the feature out). A dense
 * library gives {@code count == rows} and the same range twice.
 */
public final class FeatureStatistics {
  private final String name;
  private final double min;
  private final double max;
  private final double mean;
  private final double variance;
  private final double valuesMin;
  private final double valuesMax;
  private final long count;
  private final long rows;

  /**
   * @param min range over all training rows; NaN when unknown
   * @param max range over all training rows; NaN when unknown
   * @param mean of the explicit values; NaN when unknown
   * @param variance of the explicit values; NaN when unknown
   * @param valuesMin smallest explicit value; NaN when unknown
   * @param valuesMax largest explicit value; NaN when unknown
   * @param count explicit values
   * @param rows training rows; -1 when the model does not say
   */
  public FeatureStatistics(
      String name,
      double min,
      double max,
      double mean,
      double variance,
      double valuesMin,
      double valuesMax,
      long count,
      long rows) {
    this.name = Objects.requireNonNull(name, "name");
    this.min = min;
    this.max = max;
    this.mean = mean;
    this.variance = variance;
    this.valuesMin = valuesMin;
    this.valuesMax = valuesMax;
    this.count = count;
    this.rows = rows;
  }

  /** The library's name of the feature. */
  public String name() {
    return name;
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

  public double variance() {
    return variance;
  }

  public double valuesMin() {
    return valuesMin;
  }

  public double valuesMax() {
    return valuesMax;
  }

  public long count() {
    return count;
  }

  /** Training rows, or -1 when unknown. */
  public long rows() {
    return rows;
  }

  /**
   * Share of training rows that gave the feature explicitly: {@code count / rows}, or 1 when
   * unknown.
   */
  public double explicitShare() {
    return rows > 0 && count < rows ? Math.max(0, count) / (double) rows : 1.0;
  }

  @Override
  public String toString() {
    return name
        + " ["
        + min
        + ", "
        + max
        + "] mean "
        + mean
        + " variance "
        + variance
        + " ("
        + count
        + " of "
        + rows
        + " rows)";
  }
}
