package dev.modelwatch.config;

import java.util.Objects;

/** One problem found in a config: where it is (file, line, YAML path) and what is wrong. */
public final class ConfigProblem {
  private final String source;
  private final int line;
  private final String path;
  private final String message;

  public ConfigProblem(String source, int line, String path, String message) {
    this.source = Objects.requireNonNull(source, "source");
    this.line = Math.max(0, line);
    this.path = path == null ? "" : path;
    this.message = Objects.requireNonNull(message, "message");
  }

  /** The file (or other origin, such as the agent arguments) the problem is in. */
  public String source() {
    return source;
  }

  /** 1-based line number, 0 when unknown. */
  public int line() {
    return line;
  }

  /** YAML path such as {@code models[0].intercept.method}; empty for the document as a whole. */
  public String path() {
    return path;
  }

  public String message() {
    return message;
  }

  /** {@code file:line: path: message}; the line and path parts are left out when unknown. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(source);
    if (line > 0) {
      text.append(':').append(line);
    }
    text.append(": ");
    if (!path.isEmpty()) {
      text.append(path).append(": ");
    }
    return text.append(message).toString();
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ConfigProblem)) {
      return false;
    }
    ConfigProblem that = (ConfigProblem) other;
    return line == that.line
        && source.equals(that.source)
        && path.equals(that.path)
        && message.equals(that.message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, line, path, message);
  }
}
