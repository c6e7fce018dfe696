package dev.modelwatch.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.agent.baseline.ModelBaseline;
import dev.modelwatch.agent.extract.ArgumentExtractor;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.bootstrap.CallState;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.baseline.BaselineProfile;
import dev.modelwatch.config.baseline.NumericDistribution;
import dev.modelwatch.extension.OutputExtractor;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/**
 * A model added to the engine after it started (a baseline known only at a model's first call):
 * scrapes see it at once, its window starts at the counts already recorded, and its window is
 * rotated on the scheduler like the others, so old rows leave it.
 */
class DriftEngineLateModelTest {

  @Test
  void aModelAddedAfterStartIsComputedAndRotated() throws Exception {
    AgentConfig config =
        ConfigLoader.parse(
            String.join(
                "\n",
                "models:",
                "  - name: late",
                "    intercept: {class: com.example.Scorer, method: score}",
                "    features: [{name: x, index: 0, buckets: [1, 2]}]",
                "    drift: {window: 2s, slices: 2, min_samples: 5}",
                ""),
            null);
    ModelConfig model = config.models().get(0);
    AgentErrors errors = new AgentErrors();
    ModelMonitor monitor =
        new ModelMonitor(
            0,
            model,
            config.limits(),
            dev.modelwatch.agent.record.NumericSpec.Source.CONFIG_ONLY,
            new ArgumentExtractor(model.features()),
            OutputExtractor.NONE);
    Recorder recorder =
        new Recorder(List.of(new Site(0, "test", monitor)), List.of(monitor), errors);
    DriftEngine drift = new DriftEngine(recorder.cells(), errors);
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      drift.start(scheduler);
      call(recorder, 0.5, 4); // before the model joins: never in its window
      ModelBaseline baseline =
          ModelBaseline.match(
              model,
              BaselineProfile.builder("late")
                  .rows(10)
                  .numericFeature(
                      "x",
                      new NumericDistribution(
                          new double[] {1, 2}, new double[] {0.5, 0.25, 0.25}, 0, 3, 1, 1, 0, 10))
                  .build(),
              null);
      drift.add(0, baseline, "late", model.drift(), DriftColumns.of(monitor, baseline));
      call(recorder, 1.5, 10);
      List<DriftSnapshot> snapshots = drift.snapshots();
      assertEquals(1, snapshots.size());
      assertEquals(10, snapshots.get(0).samples());
      // all ten in (1, 2]: the PSI of these counts, by the test's own formula
      assertEquals(1, snapshots.get(0).columns().size());
      assertEquals(
          DriftFormulas.psi(new double[] {0.5, 0.25, 0.25}, new long[] {0, 10, 0}),
          snapshots.get(0).columns().get(0).statistics().get("psi"),
          1e-12);

      // two rotations (one a second) empty the window: only a scheduled rotation can do that
      long deadline = System.nanoTime() + 6_000_000_000L;
      long samples = 10;
      while (samples > 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
        samples = drift.snapshots().get(0).samples();
      }
      assertEquals(0, samples);
      assertEquals(0, errors.total(dev.modelwatch.agent.record.ErrorStage.DRIFT));
    } finally {
      scheduler.shutdownNow();
    }
  }

  private static void call(Recorder recorder, double x, int times) {
    for (int i = 0; i < times; i++) {
      CallState state = new CallState();
      double[] row = {x};
      recorder.enter(0, null, row, state);
      recorder.exit(0, row, null, Double.NaN, null, state);
    }
  }
}
