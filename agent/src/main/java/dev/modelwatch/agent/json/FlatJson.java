package dev.modelwatch.agent.json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A strict parser of one flat JSON object, as sent in JSON lines: string keys; values that are
 * strings, numbers, true, false or null. Numbers keep the text they were written as ({@link
 * Number}), null is {@link #NULL}. Nested values, duplicate keys and trailing text are errors;
 * messages name the character position.
 */
public final class FlatJson {
  /** JSON null (a Java null would be indistinguishable from an absent key). */
  public static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  private static final Pattern NUMBER =
      Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private final String text;
  private int pos;

  private FlatJson(String text) {
    this.text = text;
  }

  /** A JSON number: its text as written, and its value. */
  public static final class Number {
    public final String text;
    public final double value;

    Number(String text) {
      this.text = text;
      this.value = Double.parseDouble(text);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * @throws IllegalArgumentException naming what is wrong and at which character
   */
  public static Map<String, Object> parse(String line) {
    return new FlatJson(line).object();
  }

  /**
   * The object's values as text, in order: numbers as written (so {@code 3} stays "3" for a
   * categorical column), {@code true}/{@code false}, JSON null as Java null.
   *
   * @throws IllegalArgumentException naming what is wrong and at which character
   */
  public static Map<String, String> parseText(String line) {
    Map<String, String> text = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : parse(line).entrySet()) {
      Object value = entry.getValue();
      text.put(entry.getKey(), value == NULL ? null : value.toString());
    }
    return text;
  }

  private Map<String, Object> object() {
    Map<String, Object> values = new LinkedHashMap<>();
    skipSpace();
    expect('{', "expected one JSON object per line, starting with '{'");
    skipSpace();
    if (peek() == '}') {
      pos++;
    } else {
      while (true) {
        skipSpace();
        int keyStart = pos;
        String key = string();
        if (values.containsKey(key)) {
          pos = keyStart;
          throw error("the key \"" + key + "\" is given twice; give it once");
        }
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
      throw error("unexpected text after the object; send one object per line");
    }
    return values;
  }

  private Object value(String key) {
    char c = peek();
    if (c == '"') {
      return string();
    }
    if (c == '{' || c == '[') {
      throw error(
          "the value of \""
              + key
              + "\" is a nested "
              + (c == '{' ? "object" : "array")
              + "; only strings, numbers, true, false and null are accepted: flatten it into one key per value");
    }
    for (String word : new String[] {"null", "true", "false"}) {
      if (text.startsWith(word, pos)) {
        pos += word.length();
        return word.equals("null") ? NULL : Boolean.valueOf(word);
      }
    }
    int start = pos;
    while (pos < text.length() && "+-.eE0123456789".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String number = text.substring(start, pos);
    if (number.isEmpty() || !NUMBER.matcher(number).matches()) {
      pos = start;
      throw error("the value of \"" + key + "\" is not a JSON string, number, true, false or null");
    }
    return new Number(number);
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
      if (c < 0x20) {
        pos--;
        throw error("a control character inside a string must be escaped");
      }
      if (c != '\\') {
        s.append(c);
        continue;
      }
      if (pos >= text.length()) {
        throw error("a string ends inside an escape sequence");
      }
      char e = text.charAt(pos++);
      int simple = "\"\\/bfnrt".indexOf(e);
      if (simple >= 0) {
        s.append("\"\\/\b\f\n\r\t".charAt(simple));
      } else if (e == 'u') {
        if (pos + 4 > text.length() || !text.substring(pos, pos + 4).matches("[0-9a-fA-F]{4}")) {
          throw error("\\u must be followed by 4 hex digits");
        }
        s.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
        pos += 4;
      } else {
        pos -= 2;
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
    while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
  }

  private IllegalArgumentException error(String message) {
    return new IllegalArgumentException("character " + (pos + 1) + ": " + message);
  }
}
