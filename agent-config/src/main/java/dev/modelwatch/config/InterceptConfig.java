package dev.modelwatch.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which calls count as predictions of a model: a named method, or a library's inference call. */
public final class InterceptConfig {
  /**
   * METHOD: class + method (+ parameters); LIBRARY: a library's support, optionally narrowed by
   * selectors.
   */
  public enum Kind {
    METHOD,
    LIBRARY
  }

  private final Kind kind;
  private final String className;
  private final String method;
  private final List<String> parameters;
  private final String library;
  private final Map<String, String> selectors;

  private InterceptConfig(
      Kind kind,
      String className,
      String method,
      List<String> parameters,
      String library,
      Map<String, String> selectors) {
    this.kind = kind;
    this.className = className;
    this.method = method;
    this.parameters = parameters == null ? null : List.copyOf(parameters);
    this.library = library;
    this.selectors = Collections.unmodifiableMap(new LinkedHashMap<>(selectors));
  }

  static InterceptConfig method(String className, String method, List<String> parameters) {
    return new InterceptConfig(Kind.METHOD, className, method, parameters, null, Map.of());
  }

  static InterceptConfig library(String library, Map<String, String> selectors) {
    return new InterceptConfig(Kind.LIBRARY, null, null, null, library, selectors);
  }

  public Kind kind() {
    return kind;
  }

  /**
   * METHOD only: the class, abstract class or interface whose method (or its overrides in subtypes)
   * is timed.
   */
  public String className() {
    return className;
  }

  /** METHOD only: the method name. */
  public String method() {
    return method;
  }

  /**
   * METHOD only: parameter type names, or null for any overload. Names are as Java reflection
   * spells them: primitives ({@code float}), arrays ({@code float[][]}), qualified class names with
   * {@code $} for nested classes; simple names of {@code java.lang} types are expanded ({@code
   * String} becomes {@code java.lang.String}).
   */
  public List<String> parameters() {
    return parameters;
  }

  /** LIBRARY only: the library's name ({@code onnxruntime}, or an extension's). */
  public String library() {
    return library;
  }

  /**
   * LIBRARY only: the selectors given, by key, in config order; empty when the intercept takes
   * every instance.
   */
  public Map<String, String> selectors() {
    return selectors;
  }

  /** The value of selector {@code key}, or null when not given. */
  public String selector(String key) {
    return selectors.get(key);
  }

  @Override
  public String toString() {
    if (kind == Kind.METHOD) {
      return "InterceptConfig{"
          + className
          + '#'
          + method
          + (parameters == null ? "" : parameters)
          + '}';
    }
    return "InterceptConfig{" + library + (selectors.isEmpty() ? "" : ", " + selectors) + '}';
  }
}
