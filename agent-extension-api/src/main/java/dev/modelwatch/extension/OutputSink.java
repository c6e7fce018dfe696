package dev.modelwatch.extension;

/** Where extractors write output values; outputs are addressed by their index in the config. */
public interface OutputSink {
  /** A regression value or score; NaN is ignored. */
  void value(int output, double value);

  /** A predicted class, with its confidence (NaN when unknown). */
  void predictedClass(int output, String label, double confidence);
}
