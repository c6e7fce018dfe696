package com.acme.modelwatch;

import dev.modelwatch.extension.LibrarySite;
import dev.modelwatch.extension.LibrarySupport;
import dev.modelwatch.extension.MethodHook;
import dev.modelwatch.extension.ModelSpec;
import dev.modelwatch.extension.Selector;
import dev.modelwatch.extension.SiteContext;
import java.util.List;

/**
 * ModelWatch support for the Acme scoring library: {@code Scorer.score(Row)} is a prediction, and a config picks
 * scorers by name:
 *
 * <pre>
 * intercept: {library: acme, scorer_name: 'fraud-*'}
 * </pre>
 */
public final class AcmeSupport implements LibrarySupport {
  static final String SCORER = "dev.modelwatch.testapps.acme.Scorer";
  static final String ROW = "dev.modelwatch.testapps.acme.Row";

  @Override
  public String library() {
    return "acme";
  }

  @Override
  public String displayName() {
    return "Acme scoring";
  }

  @Override
  public List<Selector> selectors() {
    return List.of(Selector.glob("scorer_name", "glob on the scorer's name, Scorer.name()"));
  }

  @Override
  public List<String> libraryClasses() {
    return List.of(SCORER);
  }

  @Override
  public List<MethodHook> hooks() {
    return List.of(MethodHook.predict(SCORER).method("score").parameters(1).parameter(0, ROW).input(0).build());
  }

  @Override
  public LibrarySite site(List<ModelSpec> models, SiteContext context) {
    return new AcmeSite(models, context);
  }
}
