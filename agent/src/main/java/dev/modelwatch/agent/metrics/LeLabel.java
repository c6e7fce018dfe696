package dev.modelwatch.agent.metrics;

/**
 * The text of an {@code le} label exactly as client_java's text formats write a histogram's bucket
 * bound ({@code +Inf}, {@code -Inf}, else {@link Double#toString}), so a gauge labelled with it
 * joins the histogram's buckets in PromQL.
 */
public final class LeLabel {
  private LeLabel() {}

  public static String of(double upperBound) {
    if (upperBound == Double.POSITIVE_INFINITY) {
      return "+Inf";
    }
    if (upperBound == Double.NEGATIVE_INFINITY) {
      return "-Inf";
    }
    return Double.toString(upperBound);
  }
}
