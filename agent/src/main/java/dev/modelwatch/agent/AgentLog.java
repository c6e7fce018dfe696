package dev.modelwatch.agent;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's log: one line per message on standard error, prefixed {@code [modelwatch]}. No
 * logging framework is touched, so the application's logging set-up is never initialised early or
 * changed by the agent. Repeated messages under one key are written at most once a minute.
 */
public final class AgentLog {
  private static final long REPEAT_INTERVAL_NANOS = 60_000_000_000L;
  private static final ConcurrentHashMap<String, Long> LAST_WRITTEN = new ConcurrentHashMap<>();
  private static volatile PrintStream out = System.err;

  private AgentLog() {}

  public static void info(String message) {
    write("INFO", message, null);
  }

  public static void warn(String message) {
    write("WARN", message, null);
  }

  public static void error(String message, Throwable error) {
    write("ERROR", message, error);
  }

  /** Writes the message unless one with the same key was written within the last minute. */
  public static void warnRateLimited(String key, String message, Throwable error) {
    long now = System.nanoTime();
    Long last = LAST_WRITTEN.get(key);
    if (last != null && now - last < REPEAT_INTERVAL_NANOS) {
      return;
    }
    LAST_WRITTEN.put(key, now);
    write("WARN", message, error);
  }

  private static void write(String level, String message, Throwable error) {
    StringBuilder line =
        UtcTimestamp.append(new StringBuilder(128), System.currentTimeMillis())
            .append(" [modelwatch] ")
            .append(level)
            .append(' ')
            .append(message);
    if (error != null) {
      line.append(" (").append(error).append(')');
      StackTraceElement[] trace = error.getStackTrace();
      for (int i = 0; i < Math.min(trace.length, 5); i++) {
        line.append(System.lineSeparator()).append("    at ").append(trace[i]);
      }
    }
    out.println(line);
  }
}
