package dev.modelwatch.agent.xgboost;

import dev.modelwatch.agent.library.ModelPaths;
import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.LibrarySite;
import dev.modelwatch.extension.MethodHook;
import dev.modelwatch.extension.ModelSpec;
import dev.modelwatch.extension.OutputExtractor;
import dev.modelwatch.extension.SiteContext;
import java.util.ArrayList;
import java.util.List;

/**
 * The configured XGBoost models: a booster belongs to the first model whose {@code model_path} glob
 * matches the file the booster was loaded from ({@code XGBoost.loadModel(String)}); a model without
 * {@code model_path} takes any booster, including boosters trained in the JVM or loaded from bytes
 * or a stream, whose file is unknown.
 */
final class XGBoostSite implements LibrarySite {
  /**
   * Booster to the file it was loaded from; shared by every config generation, so a booster loaded
   * before a config reload is attributed after it.
   */
  private static final WeakIdentityTable<String> PATHS = new WeakIdentityTable<>();

  private final List<ModelSpec> models;
  private final ModelPaths paths;
  private final SiteContext context;

  XGBoostSite(List<ModelSpec> models, SiteContext context) {
    this.models = List.copyOf(models);
    this.context = context;
    this.paths = new ModelPaths(this.models);
  }

  @Override
  public void observed(MethodHook hook, Object instance, Object argument) {
    if (hook == XGBoostSupport.LOAD_MODEL || hook == XGBoostSupport.BOOSTER_LOAD_MODEL) {
      if (argument instanceof String) {
        PATHS.put(instance, (String) argument);
      }
    } else {
      // the arrays are kept: every model reads features, the configured ones or those discovered
      Matrices.created(hook, instance, argument, true);
    }
  }

  @Override
  public int modelFor(Object booster) {
    String path = booster == null ? null : PATHS.get(booster);
    int index = paths.select(path);
    if (index >= 0) {
      return index;
    }
    context.unmatched(
        path != null
            ? "the booster loaded from " + path
            : "a booster whose model file is unknown (trained in this JVM, loaded from bytes or a stream, or"
                + " loaded before the agent started)");
    return UNMATCHED;
  }

  /**
   * {@code Booster.getFeatureNames()} when the booster has names, else {@code f0..fN-1} for its
   * columns.
   */
  @Override
  public List<? extends FeatureSpec> discoverFeatures(int model, Object booster, Object input) {
    String[] names = null;
    try {
      names = (String[]) booster.getClass().getMethod("getFeatureNames").invoke(booster);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // older versions, or a booster without names: by position
    }
    int columns;
    if (names != null && names.length > 0) {
      columns = names.length;
    } else {
      try {
        columns =
            (int)
                ((Number) booster.getClass().getMethod("getNumFeature").invoke(booster))
                    .longValue();
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
    List<FeatureSpec> features = new ArrayList<>();
    for (int i = 0; i < columns; i++) {
      String name =
          names != null && names.length == columns && names[i] != null && !names[i].isEmpty()
              ? names[i]
              : "f" + i;
      features.add(FeatureSpec.numeric(name, null, i, null));
    }
    return features;
  }

  @Override
  public InputExtractor inputExtractor(int model, List<? extends FeatureSpec> features) {
    return new XGBoostInputExtractor(features);
  }

  @Override
  public InputExtractor inputExtractor(int model) {
    return new XGBoostInputExtractor(models.get(model));
  }

  @Override
  public OutputExtractor outputExtractor(int model) {
    ModelSpec spec = models.get(model);
    return spec.outputs().isEmpty() ? OutputExtractor.NONE : new XGBoostOutputExtractor(spec);
  }
}
