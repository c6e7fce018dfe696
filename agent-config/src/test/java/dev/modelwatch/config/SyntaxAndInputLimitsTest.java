package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.problems;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyntaxAndInputLimitsTest {

  @Test
  void syntaxErrorIsOneProblemWithItsLine() {
    assertEquals(
        List.of(
            at(
                3,
                "YAML syntax error: expected ',' or ']', but got : (while parsing a flow"
                    + " sequence started at line 2); inside [...] or {...} quote values that contain [ ] { } or commas,"
                    + " e.g. ['float[]']")),
        problems(yaml("models:", "  - {name: m, parameters: [int", "  - x: 1")));
  }

  @Test
  void unquotedArrayTypeInAFlowListExplainsTheQuoting() {
    assertEquals(
        List.of(
            at(
                3,
                "YAML syntax error: expected ',' or ']', but got [ (while parsing a flow sequence"
                    + " started at line 3); inside [...] or {...} quote values that contain [ ] { } or commas,"
                    + " e.g. ['float[]']")),
        problems(
            yaml(
                "models:",
                "  - name: m",
                "    intercept: {class: a.B, method: c, parameters: [float[]]}")));
  }

  @Test
  void badIndentationIsReportedOnItsLine() {
    assertEquals(
        List.of(
            at(
                3,
                "YAML syntax error: expected <block end>, but found '<block mapping start>'"
                    + " (while parsing a block mapping started at line 1)")),
        problems(yaml("server:", "    port: 1", "  host: x")));
  }

  @Test
  void tabIndentationIsASyntaxError() {
    List<String> found = problems("server:\n\tport: 1\n");
    assertEquals(1, found.size());
    assertEquals(true, found.get(0).startsWith(at(2, "YAML syntax error: ")), found.get(0));
  }

  @Test
  void secondDocumentIsRejected() {
    List<String> found = problems(yaml("models: []", "---", "models: []"));
    assertEquals(
        List.of(
            at(
                2,
                "YAML syntax error: expected a single document in the stream, but found another"
                    + " document")),
        found);
  }

  @Test
  void aliasBombIsRejected() {
    StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    String previous = "a";
    for (char name = 'b'; name <= 'j'; name++) {
      bomb.append(name).append(": &").append(name).append(" [");
      for (int i = 0; i < 10; i++) {
        bomb.append(i == 0 ? "" : ", ").append('*').append(previous);
      }
      bomb.append("]\n");
      previous = String.valueOf(name);
    }
    List<String> found = problems(bomb.toString());
    assertEquals(1, found.size());
    assertEquals(
        Yamls.SOURCE
            + ": cannot read the YAML: Number of aliases for non-scalar nodes exceeds the"
            + " specified max=50",
        found.get(0));
  }

  @Test
  void oversizedInputIsRejectedBeforeParsing() {
    String huge = "# " + "x".repeat(ConfigLoader.MAX_CHARACTERS) + "\n";
    assertEquals(
        List.of(
            Yamls.SOURCE
                + ": the config is "
                + huge.length()
                + " characters long; at most 1048576"
                + " are allowed"),
        problems(huge));
  }
}
