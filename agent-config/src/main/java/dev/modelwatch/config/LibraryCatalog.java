package dev.modelwatch.config;

import dev.modelwatch.extension.LibrarySupport;
import dev.modelwatch.extension.Selector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The libraries a config may name in {@code intercept: {library: ...}}, each with its selector
 * keys: what the installed {@link LibrarySupport}s declare. The config loader validates library
 * intercepts against it, so a library added by an extension jar is validated like a built-in one.
 */
public final class LibraryCatalog {
  private final Map<String, List<Selector>> selectors;
  private final Map<String, String> libraryClasses;

  private LibraryCatalog(
      Map<String, List<Selector>> selectors, Map<String, String> libraryClasses) {
    this.selectors = Collections.unmodifiableMap(selectors);
    this.libraryClasses = Collections.unmodifiableMap(libraryClasses);
  }

  /** The libraries of {@code supports}, in their order; of two with one name, the first is kept. */
  public static LibraryCatalog of(Iterable<? extends LibrarySupport> supports) {
    Map<String, List<Selector>> selectors = new LinkedHashMap<>();
    Map<String, String> libraryClasses = new LinkedHashMap<>();
    for (LibrarySupport support : supports) {
      if (selectors.putIfAbsent(support.library(), List.copyOf(support.selectors())) == null
          && !support.libraryClasses().isEmpty()) {
        libraryClasses.put(support.library(), support.libraryClasses().get(0));
      }
    }
    return new LibraryCatalog(selectors, libraryClasses);
  }

  /** The supports on this module's class path (the agent's built-in presets, in the agent jar). */
  public static LibraryCatalog installed() {
    List<LibrarySupport> supports = new ArrayList<>();
    for (LibrarySupport support :
        ServiceLoader.load(LibrarySupport.class, LibraryCatalog.class.getClassLoader())) {
      supports.add(support);
    }
    return of(supports);
  }

  /** Library names, in catalog order. */
  public List<String> libraries() {
    return List.copyOf(selectors.keySet());
  }

  /** The selectors of {@code library}; empty for an unknown one. */
  public List<Selector> selectors(String library) {
    return selectors.getOrDefault(library, List.of());
  }

  /** A class the library always has ({@code check-config --classpath} looks for it), or null. */
  public String libraryClass(String library) {
    return libraryClasses.get(library);
  }

  /** The selector {@code key} of {@code library}, or null. */
  public Selector selector(String library, String key) {
    for (Selector selector : selectors(library)) {
      if (selector.key().equals(key)) {
        return selector;
      }
    }
    return null;
  }

  /** Every selector key of any library, in catalog order. */
  List<String> allSelectorKeys() {
    Set<String> keys = new LinkedHashSet<>();
    for (List<Selector> list : selectors.values()) {
      for (Selector selector : list) {
        keys.add(selector.key());
      }
    }
    return List.copyOf(keys);
  }

  /** The libraries that take selector {@code key}. */
  List<String> librariesWith(String key) {
    List<String> libraries = new ArrayList<>();
    for (Map.Entry<String, List<Selector>> entry : selectors.entrySet()) {
      for (Selector selector : entry.getValue()) {
        if (selector.key().equals(key)) {
          libraries.add(entry.getKey());
        }
      }
    }
    return libraries;
  }

  /** "onnxruntime, djl or tribuo". */
  String namesForMessages() {
    List<String> names = libraries();
    if (names.isEmpty()) {
      return "none installed";
    }
    if (names.size() == 1) {
      return names.get(0);
    }
    return String.join(", ", names.subList(0, names.size() - 1))
        + " or "
        + names.get(names.size() - 1);
  }

  @Override
  public String toString() {
    return "LibraryCatalog" + selectors;
  }
}
