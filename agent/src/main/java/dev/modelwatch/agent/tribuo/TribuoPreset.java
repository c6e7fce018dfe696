package dev.modelwatch.agent.tribuo;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.extract.InputExtractor;
import dev.modelwatch.agent.extract.OutputExtractor;
import dev.modelwatch.agent.instrument.LibraryPreset;
import dev.modelwatch.agent.instrument.TypeInstrumentation;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.config.ModelConfig;
import java.util.List;

/** {@code intercept: {library: tribuo[, model_class: ...]}}: Tribuo 4.x models. */
public final class TribuoPreset implements LibraryPreset {
  public static final String LIBRARY = "tribuo";
  public static final TribuoPreset INSTANCE = new TribuoPreset();

  private TribuoPreset() {}

  @Override
  public String library() {
    return LIBRARY;
  }

  @Override
  public String libraryClass() {
    return TribuoTypes.MODEL;
  }

  @Override
  public TypeInstrumentation instrumentation() {
    return new TribuoInstrumentation();
  }

  @Override
  public Site site(int id, List<ModelMonitor> models) {
    return new TribuoSite(id, models);
  }

  /** Says at start-up that a model without a baseline file will get a coarse one. */
  @Override
  public ModelConfig monitoredConfig(ModelConfig model) {
    if (model.baseline() == null && model.features().stream()
        .anyMatch(f -> f.kind() != FeatureConfig.Kind.CATEGORICAL)) {
      AgentLog.info("model '" + model.name() + "': no baseline file; will use the Tribuo model's"
          + " training statistics as a coarse baseline once the model is first called");
    }
    return model;
  }

  @Override
  public InputExtractor inputExtractor(ModelConfig model) {
    // with no features, rows are still counted: one per example
    return new TribuoInputExtractor(model);
  }

  @Override
  public OutputExtractor outputExtractor(ModelConfig model) {
    return model.outputs().isEmpty() ? OutputExtractor.NONE : new TribuoOutputExtractor(model);
  }
}
