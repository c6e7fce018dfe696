package dev.modelwatch.config;

import java.util.Set;

/**
 * Checks and normalizes Java identifiers, class names and parameter type names written in the
 * config.
 */
final class JavaNames {
  static final Set<String> PRIMITIVES =
      Set.of("boolean", "byte", "char", "short", "int", "long", "float", "double");

  private static final Set<String> KEYWORDS =
      Set.of(
          "abstract",
          "assert",
          "boolean",
          "break",
          "byte",
          "case",
          "catch",
          "char",
          "class",
          "const",
          "continue",
          "default",
          "do",
          "double",
          "else",
          "enum",
          "extends",
          "final",
          "finally",
          "float",
          "for",
          "goto",
          "if",
          "implements",
          "import",
          "instanceof",
          "int",
          "interface",
          "long",
          "native",
          "new",
          "package",
          "private",
          "protected",
          "public",
          "return",
          "short",
          "static",
          "strictfp",
          "super",
          "switch",
          "synchronized",
          "this",
          "throw",
          "throws",
          "transient",
          "try",
          "void",
          "volatile",
          "while",
          "true",
          "false",
          "null",
          "_");

  private JavaNames() {}

  static boolean isIdentifier(String text) {
    if (text.isEmpty()
        || !Character.isJavaIdentifierStart(text.charAt(0))
        || KEYWORDS.contains(text)) {
      return false;
    }
    for (int i = 1; i < text.length(); i++) {
      if (!Character.isJavaIdentifierPart(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Dot-separated identifiers: {@code org.tribuo.Model}, {@code com.acme.Outer$Inner}, {@code
   * wine.alcohol}.
   */
  static boolean isDottedName(String text) {
    if (text.isEmpty() || text.startsWith(".") || text.endsWith(".")) {
      return false;
    }
    for (String part : text.split("\\.", -1)) {
      if (!isIdentifier(part)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The parameter type as reflection names it ({@code float[]}, {@code java.lang.String}), or null
   * when the text is not a type name. Varargs {@code ...} is an array; a simple name must be a
   * {@code java.lang} type.
   */
  static String parameterType(String text) {
    String type = text.replaceAll("\\s+", "");
    String dimensions = "";
    if (type.endsWith("...")) {
      type = type.substring(0, type.length() - 3);
      dimensions = "[]";
    }
    while (type.endsWith("[]")) {
      type = type.substring(0, type.length() - 2);
      dimensions += "[]";
    }
    if (PRIMITIVES.contains(type)) {
      return type + dimensions;
    }
    if (!isDottedName(type)) {
      return null;
    }
    if (type.indexOf('.') < 0) {
      return isJavaLangType(type) ? "java.lang." + type + dimensions : null;
    }
    return type + dimensions;
  }

  /**
   * True when {@code java.lang.<simpleName>} exists; only the boot class loader is asked, nothing
   * is initialized.
   */
  static boolean isJavaLangType(String simpleName) {
    try {
      Class.forName("java.lang." + simpleName, false, null);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
