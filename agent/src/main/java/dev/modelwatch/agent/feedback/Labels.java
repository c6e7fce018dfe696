package dev.modelwatch.agent.feedback;

import dev.modelwatch.extension.ExtractionException;

/**
 * Labels as the evaluation compares them: regression labels as finite numbers, classes as text. A
 * whole number given as a class is written without a fraction ({@code 6}, {@code 6.0} and {@code
 * "6"} are all class "6"), so numeric class codes match the predicted classes the extractors
 * report.
 */
final class Labels {
  private Labels() {}

  static double numberOf(Object label) {
    double value;
    if (label instanceof Number) {
      value = ((Number) label).doubleValue();
    } else if (label instanceof CharSequence) {
      try {
        value = Double.parseDouble(label.toString().trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "a regression label must be a number, found the text \""
                + FeatureHash.abbreviate(label.toString())
                + "\"");
      }
    } else {
      throw new IllegalArgumentException(
          "a regression label must be a number, found " + ExtractionException.describe(label));
    }
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(
          "a regression label must be a finite number, found " + value);
    }
    return value;
  }

  static String classOf(Object label) {
    if (label == null) {
      throw new IllegalArgumentException("the label is null");
    }
    if (label instanceof Number) {
      return wholeOrText(((Number) label).doubleValue(), label.toString());
    }
    String text = label.toString();
    if (text.isEmpty()) {
      throw new IllegalArgumentException("the label is empty");
    }
    return text;
  }

  /** A number written as a class: whole numbers without a fraction. */
  static String wholeOrText(double value, String text) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return text;
  }
}
