package dev.modelwatch.agent.djl;

import dev.modelwatch.agent.extract.InputExtractor;
import dev.modelwatch.agent.extract.OutputExtractor;
import dev.modelwatch.agent.instrument.LibraryPreset;
import dev.modelwatch.agent.instrument.TypeInstrumentation;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.config.ModelConfig;
import java.util.List;

/** DJL ({@code intercept: {library: djl, model_name: NAME}}). */
public final class DjlPreset implements LibraryPreset {
  public static final DjlPreset INSTANCE = new DjlPreset();

  private DjlPreset() {}

  @Override
  public String library() {
    return "djl";
  }

  @Override
  public String libraryClass() {
    return PredictorInstrumentation.PREDICTOR;
  }

  @Override
  public TypeInstrumentation instrumentation() {
    return new PredictorInstrumentation();
  }

  @Override
  public Site site(int id, List<ModelMonitor> models) {
    return new DjlPredictorSite(id, models);
  }

  @Override
  public InputExtractor inputExtractor(ModelConfig model) {
    return new DjlInputExtractor(model.features());
  }

  @Override
  public OutputExtractor outputExtractor(ModelConfig model) {
    return model.outputs().isEmpty() ? OutputExtractor.NONE : new DjlOutputExtractor(model.outputs());
  }
}
