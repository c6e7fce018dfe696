package dev.modelwatch.agent.baseline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Training data that cannot be turned into a baseline: every problem found, and the fix. */
public final class BaselineDataException extends Exception {

  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public BaselineDataException(String summary, List<String> problems, String fix) {
    super(message(summary, problems, fix));
    this.problems = Collections.unmodifiableList(new ArrayList<>(problems));
  }

  private static String message(String summary, List<String> problems, String fix) {
    StringBuilder message = new StringBuilder(summary);
    for (String problem : problems) {
      message.append("\n  - ").append(problem);
    }
    return message.append("\nFix: ").append(fix).toString();
  }

  public List<String> problems() {
    return problems;
  }
}
