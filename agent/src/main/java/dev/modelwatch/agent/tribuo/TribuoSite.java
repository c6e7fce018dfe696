package dev.modelwatch.agent.tribuo;

import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.FirstCallContext;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.LibrarySite;
import dev.modelwatch.extension.ModelSpec;
import dev.modelwatch.extension.OutputExtractor;
import dev.modelwatch.extension.SiteContext;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * The configured Tribuo models. A model instance belongs to the first configured model whose
 * selectors all match it: {@code model_class} the instance's class or one of its superclasses,
 * {@code model_name} a glob on {@code Model.getName()}. Among models whose {@code model_class}
 * matches, a closer class wins over a superclass; a model without selectors takes what no other
 * model takes. Its first call hands the agent the model's training statistics.
 */
final class TribuoSite implements LibrarySite {
  private final List<ModelSpec> models;
  private final String[] modelClasses;
  private final PathMatcher[] names;
  private final SiteContext context;

  TribuoSite(List<ModelSpec> models, SiteContext context) {
    this.models = List.copyOf(models);
    this.context = context;
    this.modelClasses = new String[this.models.size()];
    this.names = new PathMatcher[this.models.size()];
    for (int i = 0; i < modelClasses.length; i++) {
      modelClasses[i] = this.models.get(i).selector("model_class");
      String glob = this.models.get(i).selector("model_name");
      names[i] = glob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }
  }

  @Override
  public int modelFor(Object tribuoModel) {
    if (tribuoModel == null) {
      return UNMATCHED;
    }
    int index = select(tribuoModel.getClass(), name(tribuoModel));
    if (index == UNMATCHED) {
      context.unmatched(describe(tribuoModel));
    }
    return index;
  }

  /**
   * Index into the configured models for a Tribuo model of this class and name, or {@link
   * #UNMATCHED}: by class, nearest first, among models whose name glob (if any) matches; then the
   * first model without {@code model_class} whose name glob (if any) matches.
   */
  int select(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (int i = 0; i < modelClasses.length; i++) {
        if (c.getName().equals(modelClasses[i]) && nameMatches(i, name)) {
          return i;
        }
      }
    }
    for (int i = 0; i < modelClasses.length; i++) {
      if (modelClasses[i] == null && nameMatches(i, name)) {
        return i;
      }
    }
    return UNMATCHED;
  }

  private boolean nameMatches(int model, String name) {
    if (names[model] == null) {
      return true;
    }
    try {
      return name != null && names[model].matches(Path.of(name));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  @Override
  public void firstCall(int model, Object tribuoModel, FirstCallContext context) {
    TribuoTrainingRanges ranges;
    try {
      ranges = TribuoTrainingRanges.of(tribuoModel);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e.toString(), e);
    }
    context.trainingStatistics("Tribuo model " + describe(tribuoModel), ranges.statistics());
  }

  /** Every feature of the model's feature map, by name (the order of Tribuo's feature ids). */
  @Override
  public List<? extends FeatureSpec> discoverFeatures(int model, Object tribuoModel, Object input) {
    TribuoTrainingRanges ranges;
    try {
      ranges = TribuoTrainingRanges.of(tribuoModel);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e.toString(), e);
    }
    List<FeatureSpec> features = new ArrayList<>();
    for (String name : ranges.features().keySet()) {
      features.add(FeatureSpec.numeric(name, null, null, name));
    }
    return features;
  }

  @Override
  public InputExtractor inputExtractor(int model, List<? extends FeatureSpec> features) {
    return new TribuoInputExtractor(features);
  }

  @Override
  public InputExtractor inputExtractor(int model) {
    // with no features, rows are still counted: one per example
    return new TribuoInputExtractor(models.get(model));
  }

  @Override
  public OutputExtractor outputExtractor(int model) {
    ModelSpec spec = models.get(model);
    return spec.outputs().isEmpty() ? OutputExtractor.NONE : new TribuoOutputExtractor(spec);
  }

  /** {@code Model.getName()}, or null when it cannot be read. */
  static String name(Object tribuoModel) {
    try {
      Object name = tribuoModel.getClass().getMethod("getName").invoke(tribuoModel);
      return name == null ? null : name.toString();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /** {@code org.tribuo...LinearSGDModel 'wine-quality'}: the class and {@code Model.getName()}. */
  static String describe(Object tribuoModel) {
    String name = name(tribuoModel);
    return tribuoModel.getClass().getName() + " '" + (name == null ? "?" : name) + "'";
  }
}
