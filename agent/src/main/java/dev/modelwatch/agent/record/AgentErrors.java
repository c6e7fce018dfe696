package dev.modelwatch.agent.record;

import dev.modelwatch.agent.AgentLog;
import java.util.concurrent.atomic.LongAdder;

/**
 * Errors contained inside the agent, by {@link ErrorStage}. Each is counted, and logged at most
 * once a minute per stage; none reaches the application. Every stage is counted from the start, at
 * 0.
 */
public final class AgentErrors {
  private final LongAdder[] counts = new LongAdder[ErrorStage.values().length];

  public AgentErrors() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  /** Counts a contained error and logs it (at most once a minute per stage). */
  public void record(ErrorStage stage, Throwable error) {
    counts[stage.ordinal()].increment();
    AgentLog.warnRateLimited(
        "error:" + stage.label(),
        "internal error at stage '"
            + stage.label()
            + "' was contained; the application is unaffected. Counted in"
            + " modelwatch_agent_errors_total{stage=\""
            + stage.label()
            + "\"}; repeats of this message are suppressed for a minute",
        error);
  }

  /** Counts a problem whose message has already been logged by the caller. */
  public void count(ErrorStage stage) {
    counts[stage.ordinal()].increment();
  }

  /** The errors counted at {@code stage} so far. */
  public long total(ErrorStage stage) {
    return counts[stage.ordinal()].sum();
  }
}
