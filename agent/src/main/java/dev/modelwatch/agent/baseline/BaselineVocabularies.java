package dev.modelwatch.agent.baseline;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.baseline.BaselineException;
import dev.modelwatch.config.baseline.BaselineFile;
import dev.modelwatch.config.baseline.BaselineProfile;
import dev.modelwatch.extension.InputProfile;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives the text profiles that measure {@code oov_share} ({@code vocabulary: N}) the vocabulary
 * their baseline file holds, before the models' extractors are made. A model whose baseline has no
 * vocabulary for a feature (no file yet, a record-mode baseline, a file written without {@code
 * --config}) records no {@code oov_share} for it, and says so once.
 */
public final class BaselineVocabularies {
  private BaselineVocabularies() {}

  /** {@code models} with the vocabularies of their baselines; the same list when none has one. */
  public static List<ModelConfig> attach(List<ModelConfig> models) {
    List<ModelConfig> attached = new ArrayList<>(models.size());
    boolean changed = false;
    for (ModelConfig model : models) {
      ModelConfig with = attach(model);
      changed |= with != model;
      attached.add(with);
    }
    return changed ? attached : models;
  }

  private static ModelConfig attach(ModelConfig model) {
    boolean wanted = false;
    for (FeatureConfig feature : model.features()) {
      wanted |= feature.profile() != null && feature.profile().vocabularySize() > 0;
    }
    if (!wanted) {
      return model;
    }
    BaselineProfile baseline = null;
    if (model.baseline() != null && Files.isRegularFile(model.baseline().file())) {
      try {
        baseline = BaselineFile.read(model.baseline().file());
      } catch (BaselineException e) {
        // said, and counted, where the baseline itself is read
      }
    }
    List<FeatureConfig> features = new ArrayList<>();
    List<String> without = new ArrayList<>();
    for (FeatureConfig feature : model.features()) {
      InputProfile profile = feature.profile();
      if (profile == null || profile.vocabularySize() == 0) {
        features.add(feature);
        continue;
      }
      List<String> words = baseline == null ? null : baseline.vocabularies().get(profile.source());
      if (words == null || words.isEmpty()) {
        if (profile.statistic() == 0) {
          without.add(profile.source());
        }
        features.add(feature);
      } else {
        features.add(feature.withProfile(profile.withVocabulary(words)));
      }
    }
    for (String source : without) {
      AgentLog.info(
          "model '"
              + model.name()
              + "': feature '"
              + source
              + "' has a vocabulary, but "
              + (model.baseline() == null
                  ? "the model has no baseline"
                  : "its baseline " + model.baseline().file() + " holds none for it")
              + "; "
              + source
              + ".oov_share is not recorded until a baseline made by the baseline command with"
              + " --config holds one");
    }
    return model.withFeatures(features);
  }
}
