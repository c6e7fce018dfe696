package dev.modelwatch.agent.library;

import dev.modelwatch.extension.ModelSpec;
import java.util.List;

/**
 * The {@code model_path} selectors of a library's configured models, for supports that attribute an
 * instance by the file it was made from (an ONNX Runtime session, an XGBoost booster): the first
 * model, in config order, whose glob matches the path, or whose config gives no {@code model_path}
 * at all.
 */
public final class ModelPaths {
  public static final String SELECTOR = "model_path";

  private final ModelPathGlob[] globs;

  public ModelPaths(List<ModelSpec> models) {
    this.globs = new ModelPathGlob[models.size()];
    for (int i = 0; i < globs.length; i++) {
      String glob = models.get(i).selector(SELECTOR);
      globs[i] = glob == null ? null : new ModelPathGlob(glob);
    }
  }

  /**
   * The index of the first model that takes an instance made from {@code path} (null: unknown), or
   * -1.
   */
  public int select(String path) {
    for (int i = 0; i < globs.length; i++) {
      if (globs[i] == null || (path != null && globs[i].matches(path))) {
        return i;
      }
    }
    return -1;
  }
}
