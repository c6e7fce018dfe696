package dev.modelwatch.agent.djl;

import dev.modelwatch.extension.LibrarySite;
import dev.modelwatch.extension.LibrarySupport;
import dev.modelwatch.extension.MethodHook;
import dev.modelwatch.extension.ModelSpec;
import dev.modelwatch.extension.Selector;
import dev.modelwatch.extension.SiteContext;
import java.util.List;

/**
 * DJL ({@code intercept: {library: djl[, model_name: NAME]}}): {@code Predictor.batchPredict(List)}
 * and its overrides in subclasses; {@code predict} delegates to it with a one-element list, so a
 * call counts once with its list size as rows.
 */
public final class DjlSupport implements LibrarySupport {
  static final String PREDICTOR = "ai.djl.inference.Predictor";

  @Override
  public String library() {
    return "djl";
  }

  @Override
  public String displayName() {
    return "DJL";
  }

  @Override
  public List<Selector> selectors() {
    return List.of(Selector.text("model_name", "the name of the predictor's DJL model"));
  }

  @Override
  public List<String> libraryClasses() {
    return List.of(PREDICTOR);
  }

  @Override
  public List<MethodHook> hooks() {
    return List.of(
        MethodHook.predict(PREDICTOR)
            .inSubtypes()
            .method("batchPredict")
            .parameters(1)
            .parameter(0, "java.util.List")
            .input(0)
            .build());
  }

  @Override
  public String featureDiscovery() {
    return "from the predictor's ONNX Runtime session when the engine is OnnxRuntime (INPUT[i] per column of its"
        + " [N, k] input), else by position from the first call's first NDArray (NAME[i] per column)";
  }

  @Override
  public LibrarySite site(List<ModelSpec> models, SiteContext context) {
    return new DjlPredictorSite(models, context);
  }
}
