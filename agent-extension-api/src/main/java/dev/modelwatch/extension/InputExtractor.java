package dev.modelwatch.extension;

/**
 * Reads the feature values of one call's input and writes them, row by row, to a sink. Built once
 * per model from its config, so the plan of what to read where is resolved before the first call.
 */
public interface InputExtractor {
  /** An extractor for models with no features: records only the row count (one row per call). */
  InputExtractor NONE = (input, sink) -> sink.endRow();

  /**
   * Writes every row of {@code input}: values through {@link FeatureSink#numeric} / {@link
   * FeatureSink#category}, then {@link FeatureSink#endRow()} per row.
   *
   * @throws ExtractionException when the input is not what the config says (the sink keeps what was
   *     written before)
   */
  void extract(Object input, FeatureSink sink) throws ExtractionException;
}
