package dev.modelwatch.agent.onnxruntime;

import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.LibrarySite;
import dev.modelwatch.extension.LibrarySupport;
import dev.modelwatch.extension.MethodHook;
import dev.modelwatch.extension.ModelSpec;
import dev.modelwatch.extension.Selector;
import dev.modelwatch.extension.SiteContext;
import java.util.List;

/**
 * ONNX Runtime ({@code intercept: {library: onnxruntime[, model_path: GLOB]}}): {@code
 * OrtSession.run}, the method every overload of {@code run} ends in, is the prediction; the
 * session's constructor from a model path tells which configured model a session belongs to.
 */
public final class OnnxRuntimeSupport implements LibrarySupport {
  static final String SESSION = "ai.onnxruntime.OrtSession";

  @Override
  public String library() {
    return "onnxruntime";
  }

  @Override
  public String displayName() {
    return "ONNX Runtime";
  }

  @Override
  public List<Selector> selectors() {
    return List.of(
        Selector.glob(
            "model_path", "glob on the path of the model file a session was created from"));
  }

  @Override
  public List<String> libraryClasses() {
    return List.of(SESSION);
  }

  /**
   * {@code run(Map<String, OnnxTensorLike>, Set<String>, Set<String>, RunOptions)}, and {@code
   * OrtSession(OrtEnvironment, String modelPath, OrtAllocator, SessionOptions)}.
   */
  @Override
  public List<MethodHook> hooks() {
    return List.of(
        MethodHook.predict(SESSION)
            .method("run")
            .parameters(4)
            .parameter(0, "java.util.Map")
            .parameter(3, SESSION + "$RunOptions")
            .input(0)
            .build(),
        MethodHook.created(SESSION)
            .parameters(4)
            .parameter(1, "java.lang.String")
            .argument(1)
            .build());
  }

  /** The configured features, plus the per-row summaries of {@code summarize_inputs}. */
  @Override
  public List<? extends FeatureSpec> monitoredFeatures(ModelSpec model) {
    return SummaryFeatures.expand(model);
  }

  @Override
  public String featureDiscovery() {
    return "from the ONNX model's inputs (its feature_names metadata, else INPUT[i] per column of an [N, k] input)";
  }

  @Override
  public LibrarySite site(List<ModelSpec> models, SiteContext context) {
    return new OnnxSessionSite(models, context);
  }
}
