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
   * Names the type of a value found where something else was expected, in Java terms: {@code
   * float[7][]} for an array of seven {@code float[]}, not the JVM's {@code [[F}.
   */
  public static String describe(Object value) {
    if (value == null) {
      return "null";
    }
    Class<?> type = value.getClass();
    if (!type.isArray()) {
      return type.getName();
    }
    StringBuilder dimensions = new StringBuilder("[").append(java.lang.reflect.Array.getLength(value)).append(']');
    Class<?> element = type.getComponentType();
    while (element.isArray()) {
      dimensions.append("[]");
      element = element.getComponentType();
    }
    return element.getName() + dimensions;
  }
}
