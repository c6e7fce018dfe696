package dev.modelwatch.extension;

/** Reads the output values of one successful call from its return value. */
public interface OutputExtractor {
  OutputExtractor NONE = (result, primitiveResult, sink) -> {};

  /**
   * @param result the returned object, or null when the method returns a primitive or nothing
   * @param primitiveResult the returned number when the method returns a primitive number, else NaN
   */
  void extract(Object result, double primitiveResult, OutputSink sink) throws ExtractionException;
}
