package dev.modelwatch.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Builds YAML test inputs line by line and collects the problems the loader reports for them. */
final class Yamls {
  static final Path SOURCE = Path.of("/etc/modelwatch/modelwatch.yaml");

  private Yamls() {}

  static String yaml(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  /**
   * A config with one plain-method model named m whose remaining keys are the given lines (indented
   * 4).
   */
  static String model(String... extraLines) {
    StringBuilder text =
        new StringBuilder(
            yaml(
                "models:",
                "  - name: m",
                "    intercept: {class: com.acme.Scorer, method: score}"));
    for (String line : extraLines) {
      text.append("    ").append(line).append('\n');
    }
    return text.toString();
  }

  static AgentConfig valid(String yaml) throws ConfigException {
    return ConfigLoader.parse(yaml, SOURCE);
  }

  static ModelConfig validModel(String... extraLines) throws ConfigException {
    return valid(model(extraLines)).models().get(0);
  }

  /** Every problem as "file:line: path: message". */
  static List<String> problems(String yaml) {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, SOURCE));
    return e.problems().stream().map(ConfigProblem::toString).collect(Collectors.toList());
  }

  /**
   * The single problem of a model config built from the extra lines (model keys start on line 4).
   */
  static List<String> modelProblems(String... extraLines) {
    return problems(model(extraLines));
  }

  static String at(int line, String pathAndMessage) {
    return SOURCE + ":" + line + ": " + pathAndMessage;
  }
}
