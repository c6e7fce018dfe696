package dev.modelwatch.agent.record;

/**
 * Where inside the agent an error was contained: the {@code stage} label of {@code
 * modelwatch_agent_errors_total}. Every stage is exported from the start, at 0, so {@code rate()}
 * and {@code increase()} work from the first error.
 */
public enum ErrorStage {
  /** Reading or validating the config, the baselines or the extension jars. */
  CONFIG("config"),
  /** Setting up instrumentation, models, feature discovery or agent threads. */
  INSTALL("install"),
  /** Transforming a class (the class is left as it was). */
  TRANSFORM("transform"),
  /** The advice at method entry. */
  ENTER("enter"),
  /** The advice at method exit. */
  EXIT("exit"),
  /** The advice observing a library's helper method (a model created, a value returned). */
  CREATED("created"),
  /** Reading features or outputs from a call's arguments or result. */
  EXTRACT("extract"),
  /** The agent's HTTP server. */
  SERVER("server"),
  /** Building a scrape, the page or {@code /api/models}. */
  SCRAPE("scrape"),
  /** Computing drift statistics. */
  DRIFT("drift"),
  /** Joining ground truth, estimating accuracy. */
  FEEDBACK("feedback"),
  /** Pushing to a Pushgateway. */
  PUSH("push"),
  /** Writing captured payloads. */
  CAPTURE("capture"),
  /** Checking watched files for changes (config, baselines, secrets). */
  RELOAD("reload"),
  /** The agent's work at JVM exit. */
  SHUTDOWN("shutdown");

  private final String label;

  ErrorStage(String label) {
    this.label = label;
  }

  /** The value of the {@code stage} label. */
  public String label() {
    return label;
  }

  /**
   * The stage named by the advice across the bootstrap boundary, where the agent's classes are not
   * visible: the label of one of {@link #ENTER}, {@link #EXIT}, {@link #CREATED} or {@link
   * #FEEDBACK}; an unknown name counts as {@link #EXIT}, the advice's last step.
   */
  public static ErrorStage ofAdvice(String stage) {
    for (ErrorStage s : values()) {
      if (s.label.equals(stage)) {
        return s;
      }
    }
    return EXIT;
  }
}
