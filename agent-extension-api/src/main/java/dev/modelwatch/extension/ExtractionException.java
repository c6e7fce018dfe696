package dev.modelwatch.extension;

/**
 * An input or output that does not match the config. The message names the model, the feature or
 * output, and what was found, so that the one log line it becomes says how to fix the config.
 */
public final class ExtractionException extends Exception {
  private static final long serialVersionUID = 1L;

  public ExtractionException(String message) {
    super(message, null, false, false); // no stack trace: cheap, and the message says it all
  }

  /**
   * Names a type as Java source writes it: {@code float[]} for {@code [F}, {@code
   * java.lang.String[][]} for {@code [[Ljava.lang.String;}, {@code java.util.Map.Entry} for the
   * nested class {@code java.util.Map$Entry}; {@code null} for null. A local or anonymous class,
   * which has no such name, keeps its binary name ({@code com.acme.Scorer$1}).
   */
  public static String typeName(Class<?> type) {
    if (type == null) {
      return "null";
    }
    int dimensions = 0;
    Class<?> element = type;
    while (element.isArray()) {
      dimensions++;
      element = element.getComponentType();
    }
    String canonical = element.getCanonicalName();
    StringBuilder name = new StringBuilder(canonical != null ? canonical : element.getName());
    for (int i = 0; i < dimensions; i++) {
      name.append("[]");
    }
    return name.toString();
  }

  /**
   * Names the type of a value found where something else was expected, in Java terms ({@link
   * #typeName}), with an array's length: {@code float[7][]} for an array of seven {@code float[]},
   * not the JVM's {@code [[F}; {@code null} for null.
   */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    Class<?> type = value.getClass();
    if (!type.isArray()) {
      return typeName(type);
    }
    StringBuilder dimensions =
        new StringBuilder("[").append(java.lang.reflect.Array.getLength(value)).append(']');
    Class<?> element = type.getComponentType();
    while (element.isArray()) {
      dimensions.append("[]");
      element = element.getComponentType();
    }
    return typeName(element) + dimensions;
  }
}
