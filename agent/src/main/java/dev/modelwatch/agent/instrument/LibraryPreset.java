package dev.modelwatch.agent.instrument;

import dev.modelwatch.agent.extract.InputExtractor;
import dev.modelwatch.agent.extract.OutputExtractor;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.config.ModelConfig;
import java.util.List;

/**
 * Ready-made support for one model library ({@code intercept: {library: ...}}): which method to
 * instrument, how to tell which configured model a call belongs to, and how to read its inputs and
 * outputs. One instrumentation site serves every configured model of the library.
 */
public interface LibraryPreset {
  /** The config's library name: {@code onnxruntime}, {@code djl}, {@code tribuo}. */
  String library();

  /**
   * A class the library always has, whose type every model of it has where a model class can be
   * configured: {@code check-config --classpath} looks for it.
   */
  String libraryClass();

  /** The single method of the library that every prediction funnels into. */
  TypeInstrumentation instrumentation();

  /**
   * The site for all configured models of this library. Its {@link Site#modelFor} picks the model
   * a call belongs to (by model path, model name, model class...), or returns null after
   * {@code countUnmatched()} for calls that match none.
   */
  Site site(int id, List<ModelMonitor> models);

  /**
   * The model as monitored: the config's model, plus any features the preset derives (summaries
   * of {@code summarize_inputs}). Extractors are built from this model.
   */
  default ModelConfig monitoredConfig(ModelConfig model) {
    return model;
  }

  InputExtractor inputExtractor(ModelConfig model);

  OutputExtractor outputExtractor(ModelConfig model);
}
