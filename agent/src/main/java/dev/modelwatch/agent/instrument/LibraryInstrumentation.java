package dev.modelwatch.agent.instrument;

import dev.modelwatch.extension.MethodHook;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a library support's hooks into the installer's plans: one per hook, all for the library's
 * one site.
 */
public final class LibraryInstrumentation {
  private LibraryInstrumentation() {}

  public static TypeInstrumentation of(List<MethodHook> hooks, List<String> libraryClasses) {
    List<TypeInstrumentation> parts = new ArrayList<>();
    for (int i = 0; i < hooks.size(); i++) {
      parts.add(new HookInstrumentation(hooks.get(i), i, libraryClasses));
    }
    return new CompositeInstrumentation(parts);
  }
}
