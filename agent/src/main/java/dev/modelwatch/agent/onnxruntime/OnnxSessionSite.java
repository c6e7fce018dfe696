package dev.modelwatch.agent.onnxruntime;

import dev.modelwatch.agent.record.IdentityLookup;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.agent.record.UnmatchedCalls;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Attributes each {@code OrtSession.run} to the configured model whose {@code model_path} glob
 * matches the file the session was created from (the first such model in config order; a model
 * without {@code model_path} takes every session). The path is remembered when the session is
 * constructed; a session's model is resolved on its first call and then found by identity.
 */
final class OnnxSessionSite extends Site {
  private final ModelMonitor[] models;
  private final ModelPathGlob[] globs;
  /**
   * Session to model path; written when a session is constructed, read once per session. Shared by
   * every config generation: a session created before a config reload is attributed after it.
   */
  private static final Map<Object, String> PATHS = Collections.synchronizedMap(new WeakHashMap<>());
  private final IdentityLookup<ModelMonitor> bySession = new IdentityLookup<>(this::resolve);

  OnnxSessionSite(int id, List<ModelMonitor> models) {
    super(id, "onnxruntime: " + OrtSessionInstrumentation.SESSION + "#run", null);
    this.models = models.toArray(new ModelMonitor[0]);
    this.globs = new ModelPathGlob[this.models.length];
    for (int i = 0; i < globs.length; i++) {
      String glob = this.models[i].config().intercept().modelPath();
      globs[i] = glob == null ? null : new ModelPathGlob(glob);
    }
  }

  @Override
  public ModelMonitor modelFor(Object session) {
    ModelMonitor model = bySession.get(session);
    if (model == null) {
      countUnmatched();
    }
    return model;
  }

  @Override
  public void created(Object session, Object modelPath) {
    if (modelPath instanceof String) {
      PATHS.put(session, (String) modelPath);
    }
  }

  @Override
  public String library() {
    return "onnxruntime";
  }

  private ModelMonitor resolve(Object session) {
    String path = PATHS.get(session);
    ModelMonitor model = modelFor(path, models, globs);
    if (model == null) {
      UnmatchedCalls.logOnce(
          "onnxruntime",
          path != null
              ? "the session of " + path
              : "a session whose model path is unknown (created from bytes, or before the agent started)");
    }
    return model;
  }

  /** The first model whose glob matches {@code path} (null: unknown), or null. */
  static ModelMonitor modelFor(String path, ModelMonitor[] models, ModelPathGlob[] globs) {
    for (int i = 0; i < models.length; i++) {
      if (globs[i] == null || (path != null && globs[i].matches(path))) {
        return models[i];
      }
    }
    return null;
  }
}
