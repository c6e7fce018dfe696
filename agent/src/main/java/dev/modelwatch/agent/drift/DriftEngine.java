package dev.modelwatch.agent.drift;

import dev.modelwatch.agent.baseline.ModelBaseline;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.CellRegistry;
import dev.modelwatch.agent.record.CellSums;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.config.DriftConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Drift of every model that has a baseline: rotates each model's windows on the agent's scheduler
 * thread and computes the statistics for scrapes, both from the models' summed recording cells. A
 * failure is contained per model and counted as {@code stage="drift"}.
 */
public final class DriftEngine {

  /** One model under drift monitoring. */
  public static final class Model {
    private final int id;
    private final ModelBaseline baseline;
    private final ModelDrift drift;

    Model(int id, ModelBaseline baseline, ModelDrift drift) {
      this.id = id;
      this.baseline = baseline;
      this.drift = drift;
    }

    /** The model's index in the recorder (its cells). */
    public int id() {
      return id;
    }

    public ModelBaseline baseline() {
      return baseline;
    }

    public ModelDrift drift() {
      return drift;
    }
  }

  private final CellRegistry cells;
  private final AgentErrors errors;
  private final List<Model> models = new CopyOnWriteArrayList<>();
  private final List<ScheduledFuture<?>> rotations = new CopyOnWriteArrayList<>();
  // guarded by this, so a model added late is scheduled exactly once, and never after stop
  private ScheduledExecutorService scheduler;
  private boolean stopped;

  public DriftEngine(CellRegistry cells, AgentErrors errors) {
    this.cells = cells;
    this.errors = errors;
  }

  /**
   * Adds a model; its windows start at the counts recorded so far. Safe at any time, from any
   * thread: a model added after {@link #start} (a baseline known only at a model's first call) has
   * its rotation scheduled at once, and scrapes see it from then on; after {@link #stop} it is
   * computed but never rotated (its generation is being retired).
   */
  public synchronized Model add(
      int id,
      ModelBaseline baseline,
      String name,
      DriftConfig config,
      List<ComparedColumn> columns) {
    Model model = new Model(id, baseline, new ModelDrift(name, config, columns, cells.sum(id)));
    models.add(model);
    if (scheduler != null && !stopped) {
      schedule(model);
    }
    return model;
  }

  public List<Model> models() {
    return Collections.unmodifiableList(models);
  }

  /** Schedules each model's rotation every {@code window / slices} on {@code scheduler}. */
  public synchronized void start(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
    for (Model model : models) {
      schedule(model);
    }
  }

  private void schedule(Model model) {
    long period = model.drift.slicePeriodMillis();
    rotations.add(
        scheduler.scheduleAtFixedRate(() -> rotate(model), period, period, TimeUnit.MILLISECONDS));
  }

  /** Stops the rotations (a config reload replaced these models). */
  public synchronized void stop() {
    stopped = true;
    for (ScheduledFuture<?> rotation : rotations) {
      rotation.cancel(false);
    }
  }

  void rotate(Model model) {
    try {
      model.drift.rotate(cells.sum(model.id));
    } catch (Throwable t) {
      // a scheduled task that throws is never run again: contain it so the window keeps moving
      errors.record(ErrorStage.DRIFT, t);
    }
  }

  /** The drift of every model now; a model whose computation fails is counted and left out. */
  public List<DriftSnapshot> snapshots() {
    int summed = 0;
    for (Model model : models) {
      summed = Math.max(summed, model.id + 1);
    }
    return snapshots(cells.sumAll(summed));
  }

  /**
   * The drift of every model in {@code sums} (one scrape's cells); a model whose computation fails
   * is counted and left out.
   */
  public List<DriftSnapshot> snapshots(CellSums sums) {
    List<DriftSnapshot> snapshots = new ArrayList<>(models.size());
    for (Model model : models) {
      try {
        snapshots.add(model.drift.compute(sums.of(model.id)));
      } catch (Throwable t) {
        errors.record(ErrorStage.DRIFT, t);
      }
    }
    return snapshots;
  }
}
