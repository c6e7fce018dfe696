package dev.modelwatch.agent.onnxruntime;

import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.ModelSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The features that stand for an input listed in {@code summarize_inputs}: one numeric feature per
 * statistic, named {@code <input>.count}, {@code <input>.mean}, {@code <input>.min}, {@code
 * <input>.max} and {@code <input>.zero_share}. They are added to the model's features, so they are
 * exported, bucketed and compared with a baseline like any configured feature; a feature of that
 * name in the config (to set its buckets) is kept instead.
 */
final class SummaryFeatures {
  static final List<String> STATISTICS = List.of("count", "mean", "min", "max", "zero_share");
  static final int COUNT = 0;
  static final int MEAN = 1;
  static final int MIN = 2;
  static final int MAX = 3;
  static final int ZERO_SHARE = 4;

  private SummaryFeatures() {}

  /** The model's features with the summary features of its summarized inputs appended. */
  static List<? extends FeatureSpec> expand(ModelSpec model) {
    if (model.summarizeInputs().isEmpty()) {
      return model.features();
    }
    List<FeatureSpec> features = new ArrayList<>(model.features());
    for (String input : model.summarizeInputs()) {
      for (String statistic : STATISTICS) {
        String name = input + "." + statistic;
        if (features.stream().noneMatch(f -> f.name().equals(name))) {
          features.add(FeatureSpec.derived(name, input));
        }
      }
    }
    return features;
  }

  /** Feature index per statistic, all absent. */
  static int[] none() {
    int[] features = new int[STATISTICS.size()];
    Arrays.fill(features, -1);
    return features;
  }

  /** The statistic a feature of a summarized input stands for, or -1. */
  static int statisticOf(FeatureSpec feature) {
    String input = feature.input();
    if (input == null || !feature.name().startsWith(input + ".")) {
      return -1;
    }
    return STATISTICS.indexOf(feature.name().substring(input.length() + 1));
  }
}
