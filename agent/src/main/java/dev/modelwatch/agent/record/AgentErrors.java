package dev.modelwatch.agent.record;

import dev.modelwatch.agent.AgentLog;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Errors contained inside the agent, by stage ({@code config}, {@code install}, {@code transform},
 * {@code enter}, {@code exit}, {@code extract}, {@code server}, {@code feedback}, ...). Each is
 * counted, and logged at most once a minute per stage; none reaches the application.
 */
public final class AgentErrors {
  /** Stages exported from the start (at 0), so rate() and increase() work from the first error. */
  public static final String[] KNOWN_STAGES = {
    "config",
    "install",
    "transform",
    "enter",
    "exit",
    "extract",
    "server",
    "scrape",
    "drift",
    "feedback",
    "push",
    "capture"
  };

  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  public AgentErrors() {
    for (String stage : KNOWN_STAGES) {
      counts.put(stage, new LongAdder());
    }
  }

  public void record(String stage, Throwable error) {
    counts.computeIfAbsent(stage, s -> new LongAdder()).increment();
    AgentLog.warnRateLimited(
        "error:" + stage,
        "internal error at stage '"
            + stage
            + "' was contained; the application is unaffected. Counted in"
            + " modelwatch_agent_errors_total{stage=\""
            + stage
            + "\"}; repeats of this message are suppressed for a minute",
        error);
  }

  /** Counts a problem whose message has already been logged by the caller. */
  public void count(String stage) {
    counts.computeIfAbsent(stage, s -> new LongAdder()).increment();
  }

  public Map<String, LongAdder> counts() {
    return counts;
  }
}
