package dev.modelwatch.agent.record;

import dev.modelwatch.agent.AgentLog;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says once per distinct object (a model file path, a model name) that calls on it match no
 * configured model; the calls themselves are counted by their {@link Site}.
 */
public final class UnmatchedCalls {
  private static final int MAX_LOGGED = 100;
  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

  private UnmatchedCalls() {}

  public static void logOnce(String library, String what) {
    if (LOGGED.size() < MAX_LOGGED && LOGGED.add(library + ":" + what)) {
      AgentLog.info(
          library
              + " calls on "
              + what
              + " match no configured model, so they are not recorded (counted in"
              + " modelwatch_agent_unmatched_calls_total{library=\""
              + library
              + "\"}). If they should be, check the model's intercept selector in the config.");
    }
  }
}
