package dev.modelwatch.agent.baseline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses one line of JSON lines input: a flat object whose values are numbers, strings, booleans
 * or null. Every value is returned as text (numbers as written, so {@code 3} stays "3" for a
 * categorical column), JSON null as Java null. Nested objects and arrays are rejected.
 */
final class JsonLineParser {

  private static final Pattern NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private final String text;
  private int pos;

  private JsonLineParser(String text) {
    this.text = text;
  }

  /**
   * The object's keys and values in order.
   *
   * @throws IllegalArgumentException naming what is wrong and at which character
   */
  static Map<String, String> parse(String line) {
    return new JsonLineParser(line).object();
  }

  private Map<String, String> object() {
    Map<String, String> values = new LinkedHashMap<>();
    skipSpace();
    expect('{', "a line must hold one JSON object starting with '{'");
    skipSpace();
    if (peek() == '}') {
      pos++;
    } else {
      while (true) {
        skipSpace();
        String key = string();
        skipSpace();
        expect(':', "expected ':' after the key \"" + key + "\"");
        skipSpace();
        values.put(key, value(key));
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else if (peek() == '}') {
          pos++;
          break;
        } else {
          throw error("expected ',' or '}' after the value of \"" + key + "\"");
        }
      }
    }
    skipSpace();
    if (pos < text.length()) {
      throw error("unexpected text after the object; put one object per line");
    }
    return values;
  }

  private String value(String key) {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '{' || c == '[') {
      throw error("the value of \"" + key + "\" is a nested " + (c == '{' ? "object" : "array")
          + "; flatten it into one key per value");
    }
    if (text.startsWith("null", pos)) {
      pos += 4;
      return null;
    }
    if (text.startsWith("true", pos)) {
      pos += 4;
      return "true";
    }
    if (text.startsWith("false", pos)) {
      pos += 5;
      return "false";
    }
    int start = pos;
    while (pos < text.length() && "+-.eE0123456789".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String number = text.substring(start, pos);
    if (number.isEmpty() || !NUMBER.matcher(number).matches()) {
      pos = start;
      throw error("the value of \"" + key + "\" is not a JSON number, string, true, false or null");
    }
    return number;
  }

  private String string() {
    expect('"', "expected a string in double quotes");
    StringBuilder s = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error("a string is never closed; add the missing '\"'");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return s.toString();
      }
      if (c != '\\') {
        s.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("a string ends inside an escape sequence");
      }
      char e = text.charAt(pos++);
      switch (e) {
        case '"':
        case '\\':
        case '/':
          s.append(e);
          break;
        case 'b':
          s.append('\b');
          break;
        case 'f':
          s.append('\f');
          break;
        case 'n':
          s.append('\n');
          break;
        case 'r':
          s.append('\r');
          break;
        case 't':
          s.append('\t');
          break;
        case 'u':
          if (pos + 4 > text.length()) {
            throw error("\\u must be followed by 4 hex digits");
          }
          try {
            s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("\\u must be followed by 4 hex digits");
          }
          pos += 4;
          break;
        default:
          pos--;
          throw error("unknown escape \\" + e);
      }
    }
  }

  private char peek() {
    return pos < text.length() ? text.charAt(pos) : '\0';
  }

  private void expect(char c, String message) {
    if (peek() != c) {
      throw error(message);
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException("character " + (pos + 1) + ": " + message);
  }
}
