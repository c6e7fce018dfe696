package dev.modelwatch.agent.feedback;

import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent's daemon thread that empties the hand-off queues of every model with feedback, so that
 * they never fill up between scrapes (a full queue drops records), and expires predictions past
 * their ttl.
 */
public final class FeedbackDrain {
  static final long INTERVAL_MILLIS = 100;
  private static final FeedbackDrain NONE = new FeedbackDrain(null);

  private final ScheduledExecutorService scheduler;

  private FeedbackDrain(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /** Stops the thread (a config reload replaces these models); a drain under way finishes. */
  public void stop() {
    if (scheduler != null) {
      scheduler.shutdown();
    }
  }

  public static FeedbackDrain start(List<ModelFeedback> models, AgentErrors errors) {
    if (models.isEmpty()) {
      return NONE;
    }
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "modelwatch-feedback");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        () -> {
          for (ModelFeedback model : models) {
            try {
              model.drain();
            } catch (Throwable t) {
              errors.record(ErrorStage.FEEDBACK, t); // a failed drain must not end the schedule
            }
          }
        },
        INTERVAL_MILLIS,
        INTERVAL_MILLIS,
        TimeUnit.MILLISECONDS);
    return new FeedbackDrain(scheduler);
  }
}
