package dev.modelwatch.agent.tribuo;

import dev.modelwatch.extension.LibrarySite;
import dev.modelwatch.extension.LibrarySupport;
import dev.modelwatch.extension.MethodHook;
import dev.modelwatch.extension.ModelSpec;
import dev.modelwatch.extension.Selector;
import dev.modelwatch.extension.SiteContext;
import java.util.List;

/**
 * Tribuo 4.x ({@code intercept: {library: tribuo[, model_class: CLASS][, model_name: GLOB]}}):
 * {@code org.tribuo.Model.predict}, the abstract single-example form implemented by every concrete
 * model class, and the batch forms over an {@code Iterable} or a {@code Dataset} (concrete in
 * {@code Model}; in Tribuo 4.3 they call the single form per row, which the recorded-call guard
 * then leaves out, so a batch is one call of N rows). A model carries its training statistics,
 * which become training ranges and, without a baseline file, a coarse baseline.
 */
public final class TribuoSupport implements LibrarySupport {
  @Override
  public String library() {
    return "tribuo";
  }

  @Override
  public String displayName() {
    return "Tribuo";
  }

  @Override
  public List<Selector> selectors() {
    return List.of(
        Selector.className("model_class", "the Tribuo model's class, or one of its superclasses"),
        Selector.glob("model_name", "glob on the Tribuo model's name, Model.getName()"));
  }

  @Override
  public List<String> libraryClasses() {
    return List.of(TribuoTypes.MODEL);
  }

  @Override
  public List<MethodHook> hooks() {
    return List.of(
        MethodHook.predict(TribuoTypes.MODEL)
            .inSubtypes()
            .method("predict")
            .parameters(1)
            .parameter(0, TribuoTypes.EXAMPLE, "java.lang.Iterable", TribuoTypes.DATASET)
            .input(0)
            .build());
  }

  /** Says at start-up that a model without a baseline file will get a coarse one. */
  @Override
  public String startupNote(ModelSpec model) {
    if (!model.hasBaseline() && model.features().stream().anyMatch(f -> !f.categorical())) {
      return "no baseline file; will use the Tribuo model's training statistics as a coarse baseline once the"
          + " model is first called";
    }
    return null;
  }

  @Override
  public String featureDiscovery() {
    return "from the Tribuo model's feature map";
  }

  @Override
  public LibrarySite site(List<ModelSpec> models, SiteContext context) {
    return new TribuoSite(models, context);
  }
}
