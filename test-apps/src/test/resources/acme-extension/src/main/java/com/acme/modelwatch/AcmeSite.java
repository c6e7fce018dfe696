package com.acme.modelwatch;

import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.LibrarySite;
import dev.modelwatch.extension.ModelSpec;
import dev.modelwatch.extension.OutputExtractor;
import dev.modelwatch.extension.OutputSpec;
import dev.modelwatch.extension.SiteContext;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * The configured Acme models: a scorer belongs to the first model whose {@code scorer_name} glob matches its name
 * (a model without one takes any scorer). The agent asks once per scorer and remembers the answer.
 */
final class AcmeSite implements LibrarySite {
  private final List<ModelSpec> models;
  private final PathMatcher[] names;
  private final SiteContext context;

  AcmeSite(List<ModelSpec> models, SiteContext context) {
    this.models = models;
    this.context = context;
    this.names = new PathMatcher[models.size()];
    for (int i = 0; i < names.length; i++) {
      String glob = models.get(i).selector("scorer_name");
      names[i] = glob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + glob);
    }
  }

  @Override
  public int modelFor(Object scorer) {
    // the library's classes are the application's: read them by reflection, never link against them
    String name = (String) Reflection.call(scorer, "name");
    for (int i = 0; i < names.length; i++) {
      if (names[i] == null || name != null && names[i].matches(Path.of(name))) {
        return i;
      }
    }
    context.unmatched("scorer '" + name + "'");
    return UNMATCHED;
  }

  @Override
  public InputExtractor inputExtractor(int model) {
    return new RowExtractor(models.get(model).features());
  }

  /** {@code score} returns a double: every regression output is that number. */
  @Override
  public OutputExtractor outputExtractor(int model) {
    List<? extends OutputSpec> outputs = models.get(model).outputs();
    if (outputs.isEmpty()) {
      return OutputExtractor.NONE;
    }
    return (result, primitiveResult, sink) -> {
      for (int o = 0; o < outputs.size(); o++) {
        sink.value(o, primitiveResult);
      }
    };
  }
}
