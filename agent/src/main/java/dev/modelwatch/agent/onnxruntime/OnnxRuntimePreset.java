package dev.modelwatch.agent.onnxruntime;

import dev.modelwatch.agent.extract.InputExtractor;
import dev.modelwatch.agent.extract.OutputExtractor;
import dev.modelwatch.agent.instrument.LibraryPreset;
import dev.modelwatch.agent.instrument.TypeInstrumentation;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.config.ModelConfig;
import java.util.List;

/** ONNX Runtime ({@code intercept: {library: onnxruntime, model_path: GLOB}}). */
public final class OnnxRuntimePreset implements LibraryPreset {
  public static final OnnxRuntimePreset INSTANCE = new OnnxRuntimePreset();

  private OnnxRuntimePreset() {}

  @Override
  public String library() {
    return "onnxruntime";
  }

  @Override
  public String libraryClass() {
    return OrtSessionInstrumentation.SESSION;
  }

  @Override
  public TypeInstrumentation instrumentation() {
    return new OrtSessionInstrumentation();
  }

  @Override
  public Site site(int id, List<ModelMonitor> models) {
    return new OnnxSessionSite(id, models);
  }

  @Override
  public ModelConfig monitoredConfig(ModelConfig model) {
    return SummaryFeatures.expand(model);
  }

  @Override
  public InputExtractor inputExtractor(ModelConfig model) {
    return new OnnxInputExtractor(model.name(), model.features(), model.summarizeInputs());
  }

  @Override
  public OutputExtractor outputExtractor(ModelConfig model) {
    return model.outputs().isEmpty() ? OutputExtractor.NONE : new OnnxOutputExtractor(model.outputs());
  }
}
