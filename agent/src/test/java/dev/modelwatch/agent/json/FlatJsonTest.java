package dev.modelwatch.agent.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FlatJsonTest {

  @Test
  void stringsNumbersBooleansAndNull() {
    Map<String, Object> object =
        FlatJson.parse(
            " {\"model\": \"wine\", \"id\": 12, \"label\": -6.5e1, \"ok\": true, \"x\": null} ");
    assertEquals(List.of("model", "id", "label", "ok", "x"), List.copyOf(object.keySet()));
    assertEquals("wine", object.get("model"));
    assertEquals("12", object.get("id").toString());
    assertEquals(-65.0, ((FlatJson.Number) object.get("label")).value, 0);
    assertEquals(Boolean.TRUE, object.get("ok"));
    assertSame(FlatJson.NULL, object.get("x"));
  }

  @Test
  void escapes() {
    assertEquals(
        "a\"b\\c/\n\u00e9", FlatJson.parse("{\"k\": \"a\\\"b\\\\c\\/\\n\\u00e9\"}").get("k"));
  }

  @Test
  void emptyObject() {
    assertEquals(Map.of(), FlatJson.parse("{}"));
  }

  @Test
  void nestedValue() {
    assertEquals(
        "character 8: the value of \"id\" is a nested array; only strings, numbers, true, false and null"
            + " are accepted: flatten it into one key per value",
        error("{\"id\": [1]}"));
  }

  @Test
  void duplicateKey() {
    assertEquals(
        "character 11: the key \"id\" is given twice; give it once",
        error("{\"id\": 1, \"id\": 2}"));
  }

  @Test
  void leadingZeroIsNotAJsonNumber() {
    assertEquals(
        "character 11: the value of \"label\" is not a JSON string, number, true, false or null",
        error("{\"label\": 06}"));
  }

  @Test
  void singleQuotes() {
    assertEquals("character 2: expected a string in double quotes", error("{'id': 1}"));
  }

  @Test
  void unclosedString() {
    assertEquals(
        "character 12: a string is never closed; add the missing '\"'", error("{\"id\": \"abc"));
  }

  @Test
  void textAfterTheObject() {
    assertEquals(
        "character 11: unexpected text after the object; send one object per line",
        error("{\"id\": 1} {\"id\": 2}"));
  }

  @Test
  void missingComma() {
    assertEquals(
        "character 10: expected ',' or '}' after the value of \"id\"",
        error("{\"id\": 1 \"label\": 2}"));
  }

  @Test
  void notAnObject() {
    assertEquals(
        "character 1: expected one JSON object per line, starting with '{'", error("[1, 2]"));
  }

  @Test
  void unknownEscape() {
    assertEquals("character 9: unknown escape \\x", error("{\"id\": \"\\x\"}"));
  }

  private static String error(String line) {
    return assertThrows(IllegalArgumentException.class, () -> FlatJson.parse(line)).getMessage();
  }
}
