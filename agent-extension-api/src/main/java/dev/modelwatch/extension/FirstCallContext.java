package dev.modelwatch.extension;

import java.util.List;

/**
 * What a model instance tells the agent at its first call ({@link LibrarySite#firstCall}). The
 * agent decides what to do with it: training ranges count values outside them in {@code
 * model_feature_out_of_range_total}; without a baseline file, training statistics become a coarse
 * baseline for drift.
 */
public interface FirstCallContext {
  /** The model's name in the config. */
  String model();

  /**
   * The training statistics the instance carries, one per input feature under the library's own
   * feature names (matched against the configured names, case-sensitive). The agent binds the
   * ranges, says in one log line what it found, and builds the coarse baseline when the model has
   * no baseline file.
   *
   * @param instance the instance for messages: {@code org.tribuo...LinearSGDModel 'wine'}
   */
  void trainingStatistics(String instance, List<FeatureStatistics> features);
}
