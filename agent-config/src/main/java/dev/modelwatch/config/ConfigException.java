package dev.modelwatch.config;

import java.util.List;

/**
 * A config (or agent argument string) with one or more problems; all of them are listed, in
 * document order.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;
  private final boolean strictRequested;
  private final transient ServerConfig validServer;
  private final transient PushConfig validPush;

  /**
   * @param source what was read (a file name, or "agent arguments")
   * @param problems at least one problem
   * @param hint a last line telling the reader how to check or fix the input; null for none
   */
  public ConfigException(String source, List<ConfigProblem> problems, String hint) {
    this(message(source, problems, hint), problems, false);
  }

  private ConfigException(String message, List<ConfigProblem> problems, boolean strictRequested) {
    this(message, problems, strictRequested, null, null);
  }

  private ConfigException(
      String message,
      List<ConfigProblem> problems,
      boolean strictRequested,
      ServerConfig validServer,
      PushConfig validPush) {
    super(message);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
    this.strictRequested = strictRequested;
    this.validServer = validServer;
    this.validPush = validPush;
  }

  /** The same problems, from a document that set {@code strict: true}. */
  ConfigException withStrictRequested() {
    return new ConfigException(getMessage(), problems, true, validServer, validPush);
  }

  /** The same problems, from a document whose {@code server} section itself is valid. */
  ConfigException withValidServer(ServerConfig server) {
    return new ConfigException(getMessage(), problems, strictRequested, server, validPush);
  }

  /** The same problems, from a document whose {@code push} section itself is valid. */
  ConfigException withValidPush(PushConfig push) {
    return new ConfigException(getMessage(), problems, strictRequested, validServer, push);
  }

  /**
   * The document's {@code push} section when it has one and no problem lies in it, so that a job
   * that only pushes still pushes the agent's own metrics (and the count of this config error);
   * null otherwise.
   */
  public PushConfig validPush() {
    return validPush;
  }

  /**
   * The document's {@code server} section (defaults where it sets none) when no problem lies in it,
   * so that the agent can serve its own metrics where the config says; null otherwise.
   */
  public ServerConfig validServer() {
    return validServer;
  }

  /**
   * True when the invalid document itself set {@code strict: true}: the agent must stop the JVM.
   */
  public boolean strictRequested() {
    return strictRequested;
  }

  /** For a config file: the hint names the agent's check-config command. */
  static ConfigException forFile(String source, List<ConfigProblem> problems) {
    return new ConfigException(
        source,
        problems,
        "Check the file with: java -jar modelwatch-agent.jar check-config " + source);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  private static String message(String source, List<ConfigProblem> problems, String hint) {
    StringBuilder text = new StringBuilder();
    text.append(problems.size())
        .append(problems.size() == 1 ? " problem in " : " problems in ")
        .append(source)
        .append(':');
    for (ConfigProblem problem : problems) {
      text.append(System.lineSeparator()).append("  ").append(problem);
    }
    if (hint != null) {
      text.append(System.lineSeparator()).append(hint);
    }
    return text.toString();
  }
}
