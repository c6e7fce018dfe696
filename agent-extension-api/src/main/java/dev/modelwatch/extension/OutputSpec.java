package dev.modelwatch.extension;

/**
 * One configured output of a model: its name, whether it is a class, and where in the result it is
 * found.
 */
public interface OutputSpec {
  String name();

  /**
   * True for a classification output (a class label with its confidence), false for a regression
   * value.
   */
  boolean classification();

  /** The library's name of the output (an ONNX output, say), or null. */
  String output();

  /** The element of a returned array or tensor row, or null when not given. */
  Integer index();

  /** A map key, a regressor dimension, or class names, or null when not given. */
  String key();

  /** A getter or field path on the result, or null when not given. */
  String path();
}
