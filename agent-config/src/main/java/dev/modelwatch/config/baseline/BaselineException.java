package dev.modelwatch.config.baseline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A baseline file that cannot be read or written, with every problem found (each naming its path in
 * the file, such as {@code features.alcohol.shares}) and how to fix them.
 */
public final class BaselineException extends Exception {

  private static final long serialVersionUID = 1L;

  /** The command that regenerates a baseline: the usual fix for a damaged or outdated file. */
  static final String REGENERATE =
      "regenerate it from the training data with: java -jar"
          + " modelwatch-agent.jar baseline --data <training.csv> --config <modelwatch.yaml>"
          + " --model <name> --out <file>";

  private final Path file;
  private final List<String> problems;

  public BaselineException(Path file, String summary, List<String> problems, String fix) {
    super(message(file, summary, problems, fix));
    this.file = file;
    this.problems = Collections.unmodifiableList(new ArrayList<>(problems));
  }

  private static String message(Path file, String summary, List<String> problems, String fix) {
    StringBuilder message = new StringBuilder();
    message.append("Baseline file ").append(file).append(": ").append(summary);
    for (String problem : problems) {
      message.append("\n  - ").append(problem);
    }
    message.append("\nFix: ").append(fix);
    return message.toString();
  }

  /** The file concerned. */
  public Path file() {
    return file;
  }

  /** Every problem found, each starting with its path in the file. */
  public List<String> problems() {
    return problems;
  }
}
