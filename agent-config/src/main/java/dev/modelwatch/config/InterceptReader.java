package dev.modelwatch.config;

import dev.modelwatch.extension.Selector;
import java.nio.file.FileSystems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Walks a model's {@code intercept}: either class + method (+ parameters), or a library with the
 * selectors its support declares ({@link LibraryCatalog}).
 */
final class InterceptReader {
  private static final List<String> METHOD_KEYS = List.of("class", "method", "parameters");

  private final NodeReader reader;
  private final LibraryCatalog libraries;
  private final List<String> keys;

  InterceptReader(NodeReader reader, LibraryCatalog libraries) {
    this.reader = reader;
    this.libraries = libraries;
    List<String> keys = new ArrayList<>(METHOD_KEYS);
    keys.add("library");
    keys.addAll(libraries.allSelectorKeys());
    this.keys = List.copyOf(keys);
  }

  /** The intercept, or null when absent or invalid (the problems are recorded). */
  InterceptConfig read(MappingReader model) {
    if (!model.has("intercept")) {
      model.problem(
          "intercept",
          "required: give class + method, or library (" + libraries.namesForMessages() + ")");
      return null;
    }
    MappingReader intercept = model.mapping("intercept", keys);
    if (intercept == null) {
      return null;
    }
    boolean hasClass = intercept.has("class");
    boolean hasLibrary = intercept.has("library");
    if (hasClass && hasLibrary) {
      intercept.problem("give either class + method or library, not both");
      return null;
    }
    if (hasLibrary) {
      return library(intercept);
    }
    if (hasClass || intercept.has("method")) {
      return method(intercept);
    }
    intercept.problem(
        "required: class + method, or library (" + libraries.namesForMessages() + ")");
    return null;
  }

  private InterceptConfig method(MappingReader intercept) {
    int before = problemCount();
    String className = intercept.requiredString("class");
    if (className != null && !JavaNames.isDottedName(className)) {
      intercept.problem(
          "class",
          "'"
              + className
              + "' is not a Java class name; write it fully qualified,"
              + " e.g. org.tribuo.Model (nested classes with $: com.acme.Outer$Inner)");
    }
    String method = intercept.requiredString("method");
    if (method != null && !JavaNames.isIdentifier(method)) {
      intercept.problem("method", "'" + method + "' is not a Java method name");
    }
    List<String> parameters = parameters(intercept);
    for (String selector : libraries.allSelectorKeys()) {
      if (intercept.has(selector)) {
        intercept.problem(
            selector,
            "applies only to library: "
                + String.join(", ", libraries.librariesWith(selector))
                + ", not to class + method interception; remove it");
      }
    }
    return problemCount() == before ? InterceptConfig.method(className, method, parameters) : null;
  }

  private List<String> parameters(MappingReader intercept) {
    List<Node> items = intercept.list("parameters", "[float[], String]");
    if (items == null) {
      return null;
    }
    List<String> parameters = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String path = intercept.path("parameters") + "[" + i + "]";
      String text = reader.nonEmptyString(items.get(i), path);
      if (text == null) {
        continue;
      }
      String type = JavaNames.parameterType(text);
      if (type == null) {
        reader.problem(
            items.get(i),
            path,
            "'"
                + text
                + "' is not a Java type name: use a primitive (float),"
                + " an array (float[], float[][]), a qualified class name (org.tribuo.Example) or a"
                + " java.lang simple name (String)");
        continue;
      }
      parameters.add(type);
    }
    return parameters;
  }

  private InterceptConfig library(MappingReader intercept) {
    int before = problemCount();
    String library = intercept.choice("library", "library", libraries.libraries(), null);
    for (String methodKey : METHOD_KEYS) {
      if (intercept.has(methodKey) && !methodKey.equals("class")) {
        intercept.problem(
            methodKey,
            "belongs to class + method interception, not to library; remove it,"
                + " or replace library with class");
      }
    }
    Map<String, String> selectors = new LinkedHashMap<>();
    if (library != null) {
      for (String key : libraries.allSelectorKeys()) {
        if (!intercept.has(key)) {
          continue;
        }
        Selector selector = libraries.selector(library, key);
        if (selector == null) {
          intercept.problem(
              key,
              "applies only to library: "
                  + String.join(", ", libraries.librariesWith(key))
                  + ", not to "
                  + library
                  + selectorHint(library));
          continue;
        }
        String value = value(intercept, selector);
        if (value != null) {
          selectors.put(key, value);
        }
      }
    }
    if (library == null || problemCount() != before) {
      return null;
    }
    return InterceptConfig.library(library, selectors);
  }

  private String selectorHint(String library) {
    List<Selector> own = libraries.selectors(library);
    if (own.isEmpty()) {
      return " (" + library + " takes no selector: it intercepts every instance)";
    }
    List<String> keys = new ArrayList<>();
    for (Selector selector : own) {
      keys.add(selector.key());
    }
    return " (" + library + " models are selected with " + String.join(" or ", keys) + ")";
  }

  /** The selector's value checked by its kind, or null (a problem is recorded). */
  private static String value(MappingReader intercept, Selector selector) {
    String key = selector.key();
    String value = intercept.string(key);
    if (value == null) {
      return null;
    }
    switch (selector.kind()) {
      case GLOB:
        try {
          FileSystems.getDefault().getPathMatcher("glob:" + value);
          return value;
        } catch (IllegalArgumentException e) { // PatternSyntaxException is one
          intercept.problem(
              key,
              "'"
                  + value
                  + "' is not a valid glob: "
                  + e.getMessage().replace(System.lineSeparator(), " "));
          return null;
        }
      case CLASS_NAME:
        if (!JavaNames.isDottedName(value)) {
          intercept.problem(
              key,
              "'"
                  + value
                  + "' is not a Java class name; write it fully qualified,"
                  + " e.g. org.tribuo.regression.sgd.linear.LinearSGDModel");
          return null;
        }
        return value;
      default:
        return value;
    }
  }

  private int problemCount() {
    return reader.problems().size();
  }
}
