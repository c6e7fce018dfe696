package dev.modelwatch.agent;

import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.config.Durations;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the periodic check of the watched files on a daemon thread of its own, started from the
 * agent's scheduler: a check blocked in the file system (a FIFO swapped in between its attributes
 * and its opening, a hung network mount) never holds up the scheduler thread, which rotates drift
 * windows and records baselines. A check that has not returned after {@code stuckAfter} is said
 * once and counted as {@code modelwatch_agent_errors_total{stage="reload"}}; the next check runs on
 * a fresh thread, and the stuck one, told it is no longer current, is left to return (or not). At
 * most one stuck thread is left behind: while it stays stuck and the fresh one gets stuck too, no
 * further thread is started until one of them returns.
 */
final class FileCheckThread {
  static final ErrorStage STAGE = ErrorStage.RELOAD;

  /** One check; told through {@link Run#current()} whether its results may still be applied. */
  interface Check {
    void run(Run run);
  }

  /** One run of the check. */
  static final class Run {
    private final long startNanos = System.nanoTime();
    private volatile boolean current = true;
    private volatile boolean reported;

    /**
     * False once the run was given up as stuck: a later check may already have replaced its work.
     */
    boolean current() {
      return current;
    }
  }

  private final ScheduledExecutorService scheduler;
  private final Check check;
  private final Supplier<Duration> interval;
  private final Duration stuckAfter;
  private final Supplier<String> watched;
  private final AgentErrors errors;
  private final Consumer<String> warn;
  // used on the scheduler thread only, but read by the worker when a run ends
  private ExecutorService worker;
  private ExecutorService abandoned;
  private volatile Run running;

  /**
   * @param interval the time between checks, read after each (a reload may change it; zero stops)
   * @param watched names the watched files for the message about a stuck check
   */
  FileCheckThread(
      ScheduledExecutorService scheduler,
      Check check,
      Supplier<Duration> interval,
      Duration stuckAfter,
      Supplier<String> watched,
      AgentErrors errors,
      Consumer<String> warn) {
    this.scheduler = scheduler;
    this.check = check;
    this.interval = interval;
    this.stuckAfter = stuckAfter;
    this.watched = watched;
    this.errors = errors;
    this.warn = warn;
  }

  void start() {
    scheduleNext();
  }

  private void scheduleNext() {
    Duration next = interval.get();
    if (!next.isZero()) {
      try {
        scheduler.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        // the scheduler is shut down: nothing is watched any more
      }
    }
  }

  /**
   * On the scheduler: start a check, unless one is under way; report one under way for too long.
   */
  private void tick() {
    try {
      Run run = running;
      if (run == null) {
        launch();
        return;
      }
      if (System.nanoTime() - run.startNanos <= stuckAfter.toNanos()) {
        return;
      }
      boolean replaceable = abandoned == null || abandoned.isTerminated();
      if (!run.reported) {
        run.reported = true;
        errors.count(STAGE);
        warn.accept(
            "the check of the watched files ("
                + watched.get()
                + ") has not returned for "
                + Durations.format(stuckAfter)
                + " (a FIFO, or a stalled network file system?); "
                + (replaceable
                    ? "checks go on in a fresh thread"
                    : "an earlier stuck check has not returned either, so checks resume when one of them returns")
                + ". Counted in modelwatch_agent_errors_total{stage=\""
                + STAGE.label()
                + "\"}");
      }
      if (replaceable) {
        run.current = false;
        abandoned = worker;
        abandoned.shutdown(); // its thread ends once the stuck check returns, if ever
        worker = null;
        running = null;
        launch();
      }
    } catch (Throwable t) {
      errors.record(ErrorStage.INSTALL, t);
    } finally {
      scheduleNext();
    }
  }

  private void launch() {
    if (worker == null) {
      worker =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread thread = new Thread(r, "modelwatch-file-check");
                thread.setDaemon(true);
                return thread;
              });
    }
    Run run = new Run();
    running = run;
    worker.execute(
        () -> {
          try {
            check.run(run);
          } catch (Throwable t) {
            errors.record(ErrorStage.INSTALL, t); // a failed check must not end the watching
          } finally {
            if (running == run) {
              if (run.reported) {
                long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - run.startNanos);
                warn.accept(
                    "the check of the watched files that had not returned returned after "
                        + Durations.format(Duration.ofSeconds(seconds))
                        + "; checks go on");
              }
              running = null;
            }
          }
        });
  }
}
