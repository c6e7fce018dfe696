package dev.modelwatch.extension;

import java.util.List;

/** One configured model of a library intercept, as a support sees it. */
public interface ModelSpec {
  /** The model's name in the config and in every series. */
  String name();

  /**
   * The value of a selector given with the intercept ({@code model_path: "*}{@code /wine.onnx"}),
   * or null.
   */
  String selector(String key);

  /**
   * The configured features, in config order: feature {@code f} is written to a sink as index
   * {@code f}.
   */
  List<? extends FeatureSpec> features();

  /** The configured outputs, in config order. */
  List<? extends OutputSpec> outputs();

  /** Inputs to record as per-row summaries ({@code summarize_inputs: [image]}); empty when none. */
  List<String> summarizeInputs();

  /** Whether the config gives this model a baseline file. */
  boolean hasBaseline();
}
