package dev.modelwatch.agent;

import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A JVM hook that says, at exit, which intercepts of the config in force instrumented nothing: a
 * batch job that ends before {@code startup_check} would otherwise never hear it. It says so only
 * when the start-up check has not. It reads what the agent already holds and writes a line per
 * intercept: it never waits on anything, and never throws.
 */
final class UnmatchedAtExit {
  private UnmatchedAtExit() {}

  static void register(Supplier<AgentRuntime> inForce, long startNanos, AgentErrors errors) {
    Thread hook =
        new Thread(
            () -> {
              try {
                AgentRuntime runtime = inForce.get();
                if (runtime != null) {
                  runtime.warnAboutUnmatchedSitesAtExit(
                      TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos));
                }
              } catch (Throwable t) {
                try {
                  errors.record(ErrorStage.SHUTDOWN, t);
                } catch (Throwable ignored) {
                  // nothing is left to report it with
                }
              }
            },
            "modelwatch-exit-check");
    hook.setDaemon(true);
    try {
      Runtime.getRuntime().addShutdownHook(hook);
    } catch (IllegalStateException | SecurityException e) {
      // the JVM is already exiting, or a security manager forbids hooks: the start-up check remains
      errors.count(ErrorStage.INSTALL);
    }
  }
}
