package dev.modelwatch.config;

import dev.modelwatch.extension.ModelSpec;
import java.util.List;

/**
 * One monitored model: how its calls are found, what is recorded from them, and how drift is
 * judged.
 */
public final class ModelConfig implements ModelSpec {
  private final String name;
  private final InterceptConfig intercept;
  private final List<FeatureConfig> features;
  private final List<String> summarizeInputs;
  private final List<OutputConfig> outputs;
  private final double sampling;
  private final boolean adaptiveTiming;
  private final BaselineRef baseline;
  private final DriftConfig drift;
  private final PredictionIdConfig predictionId;
  private final FeedbackConfig feedback;
  private final CaptureConfig capture;

  ModelConfig(
      String name,
      InterceptConfig intercept,
      List<FeatureConfig> features,
      List<String> summarizeInputs,
      List<OutputConfig> outputs,
      double sampling,
      boolean adaptiveTiming,
      BaselineRef baseline,
      DriftConfig drift,
      PredictionIdConfig predictionId,
      FeedbackConfig feedback,
      CaptureConfig capture) {
    this.name = name;
    this.intercept = intercept;
    this.features = List.copyOf(features);
    this.summarizeInputs = List.copyOf(summarizeInputs);
    this.outputs = List.copyOf(outputs);
    this.sampling = sampling;
    this.adaptiveTiming = adaptiveTiming;
    this.baseline = baseline;
    this.drift = drift;
    this.predictionId = predictionId;
    this.feedback = feedback;
    this.capture = capture;
  }

  /** This model with another feature list: the configured features plus those the agent derives. */
  public ModelConfig withFeatures(List<FeatureConfig> newFeatures) {
    return new ModelConfig(
        name,
        intercept,
        newFeatures,
        summarizeInputs,
        outputs,
        sampling,
        adaptiveTiming,
        baseline,
        drift,
        predictionId,
        feedback,
        capture);
  }

  /** The {@code model} label value. */
  public String name() {
    return name;
  }

  public InterceptConfig intercept() {
    return intercept;
  }

  public List<FeatureConfig> features() {
    return features;
  }

  /**
   * Inputs recorded as per-call summaries (count, mean, min, max, zero share) rather than per
   * element.
   */
  public List<String> summarizeInputs() {
    return summarizeInputs;
  }

  public List<OutputConfig> outputs() {
    return outputs;
  }

  /**
   * Share of calls whose features and outputs are recorded, in (0, 1]. Latency and errors are
   * always recorded.
   */
  public double sampling() {
    return sampling;
  }

  /**
   * {@code timing: adaptive} (the default): every sampled call is timed while one thread calls the
   * model at a low rate, one in N above it (the others record the latency last measured on that
   * thread); {@code timing: every}: every sampled call is timed.
   */
  public boolean adaptiveTiming() {
    return adaptiveTiming;
  }

  /** The baseline, or null when the model has none. */
  @Override
  public String selector(String key) {
    return intercept.selector(key);
  }

  @Override
  public boolean hasBaseline() {
    return baseline != null;
  }

  public BaselineRef baseline() {
    return baseline;
  }

  public DriftConfig drift() {
    return drift;
  }

  /** Where each prediction's id is read, or null when the model takes no feedback. */
  public PredictionIdConfig predictionId() {
    return predictionId;
  }

  /**
   * Ground-truth settings, or null when the model takes no feedback (never null when predictionId
   * is set).
   */
  public FeedbackConfig feedback() {
    return feedback;
  }

  /** Payload capture, or null when the model's calls are not captured. */
  public CaptureConfig capture() {
    return capture;
  }

  @Override
  public String toString() {
    return "ModelConfig{name="
        + name
        + ", intercept="
        + intercept
        + ", features="
        + features
        + ", summarizeInputs="
        + summarizeInputs
        + ", outputs="
        + outputs
        + ", sampling="
        + sampling
        + (adaptiveTiming ? "" : ", timing=every")
        + ", baseline="
        + baseline
        + ", drift="
        + drift
        + (predictionId == null ? "" : ", predictionId=" + predictionId + ", feedback=" + feedback)
        + (capture == null ? "" : ", capture=" + capture)
        + '}';
  }
}
