package dev.modelwatch.agent.onnxruntime;

import dev.modelwatch.agent.library.ModelPaths;
import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.LibrarySite;
import dev.modelwatch.extension.MethodHook;
import dev.modelwatch.extension.ModelSpec;
import dev.modelwatch.extension.OutputExtractor;
import dev.modelwatch.extension.SiteContext;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The configured ONNX Runtime models: a session belongs to the first model whose {@code model_path}
 * glob matches the path the session was created from (a model without {@code model_path} takes any
 * session).
 */
final class OnnxSessionSite implements LibrarySite {
  /**
   * Session to model path; written when a session is constructed, read once per session. Shared by
   * every config generation: a session created before a config reload is attributed after it.
   */
  private static final Map<Object, String> PATHS = Collections.synchronizedMap(new WeakHashMap<>());

  private final List<ModelSpec> models;
  private final ModelPaths paths;
  private final SiteContext context;

  OnnxSessionSite(List<ModelSpec> models, SiteContext context) {
    this.models = List.copyOf(models);
    this.context = context;
    this.paths = new ModelPaths(this.models);
  }

  @Override
  public void observed(MethodHook hook, Object session, Object modelPath) {
    if (modelPath instanceof String) {
      PATHS.put(session, (String) modelPath);
    }
  }

  @Override
  public int modelFor(Object session) {
    String path = PATHS.get(session);
    int index = paths.select(path);
    if (index == UNMATCHED) {
      context.unmatched(
          path != null
              ? "the session of " + path
              : "a session whose model path is unknown (created from bytes, or before the agent started)");
    }
    return index;
  }

  @Override
  public List<? extends FeatureSpec> discoverFeatures(int model, Object session, Object input) {
    return OnnxInputs.features(session);
  }

  @Override
  public InputExtractor inputExtractor(int model, List<? extends FeatureSpec> features) {
    return new OnnxInputExtractor(models.get(model).name(), features, List.of());
  }

  @Override
  public InputExtractor inputExtractor(int model) {
    ModelSpec spec = models.get(model);
    return new OnnxInputExtractor(spec.name(), spec.features(), spec.summarizeInputs());
  }

  @Override
  public OutputExtractor outputExtractor(int model) {
    ModelSpec spec = models.get(model);
    return spec.outputs().isEmpty()
        ? OutputExtractor.NONE
        : new OnnxOutputExtractor(spec.outputs());
  }
}
