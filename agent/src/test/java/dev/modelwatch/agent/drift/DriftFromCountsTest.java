package dev.modelwatch.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.DriftConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.junit.jupiter.api.Test;

/**
 * A model's windowed drift ({@link ModelDrift}) fed hand-built cumulative counts: every statistic
 * equals the value computed here from its textbook formula (commons-math3 for the distributions of
 * KS and chi-squared), and the window forgets what the scheduler has rotated out.
 */
class DriftFromCountsTest {

  private static final double EXACT = 1e-12;

  /** Baseline of the numeric column: four bins. */
  private static final double[] NUMERIC = {0.1, 0.2, 0.3, 0.4};

  /** Baseline of the categorical column: red, white, __other__ (never seen in training). */
  private static final double[] CATEGORIES = {0.25, 0.75, 0.0};

  private static DriftConfig drift(String yaml) throws Exception {
    return ConfigLoader.parse(
            String.join(
                "\n",
                "models:",
                "  - name: wine",
                "    intercept: {class: com.example.Scorer, method: score}",
                "    drift: " + yaml,
                ""),
            null)
        .models()
        .get(0)
        .drift();
  }

  /**
   * Cells [0..3] hold the numeric column's cumulative counts, [4..6] the categorical one's. The
   * baseline has no count: p-values treat it as exact.
   */
  private static ModelDrift model(DriftConfig config) {
    return model(config, 0);
  }

  /** As {@link #model(DriftConfig)}, with a baseline of {@code baselineCount} values per column. */
  private static ModelDrift model(DriftConfig config, long baselineCount) {
    List<ComparedColumn> columns =
        List.of(
            new ComparedColumn(
                "alcohol",
                false,
                ComparedColumn.Kind.NUMERIC,
                NUMERIC,
                baselineCount,
                cells -> Arrays.copyOfRange(cells, 0, 4)),
            new ComparedColumn(
                "color",
                false,
                ComparedColumn.Kind.CATEGORICAL,
                CATEGORIES,
                baselineCount,
                cells -> Arrays.copyOfRange(cells, 4, 7)),
            new ComparedColumn(
                "quality",
                true,
                ComparedColumn.Kind.NUMERIC,
                NUMERIC,
                baselineCount,
                cells -> Arrays.copyOfRange(cells, 0, 4)));
    return new ModelDrift("wine", config, columns, new long[7]);
  }

  @Test
  void everyStatisticEqualsItsFormula() throws Exception {
    ModelDrift drift =
        model(drift("{window: 1h, slices: 4, min_samples: 10, statistics: [psi, ks, js]}"));
    long[] cells = {30, 20, 30, 20, 20, 70, 10};
    DriftSnapshot snapshot = drift.compute(cells);

    assertTrue(snapshot.reported());
    assertEquals(100, snapshot.samples());
    assertEquals(DriftConfig.DEFAULT_THRESHOLDS, snapshot.thresholds());
    assertEquals(3, snapshot.columns().size());

    ColumnDrift alcohol = snapshot.columns().get(0);
    long[] live = {30, 20, 30, 20};
    assertEquals("alcohol", alcohol.name());
    assertFalse(alcohol.output());
    assertEquals(100, alcohol.samples());
    assertEquals(List.of("psi", "ks", "js"), List.copyOf(alcohol.statistics().keySet()));
    assertEquals(DriftFormulas.psi(NUMERIC, live), alcohol.statistics().get("psi"), EXACT);
    // cumulative baseline 0.1 0.3 0.6, live 0.3 0.5 0.8: D = 0.2
    assertEquals(0.2, alcohol.statistics().get("ks"), EXACT);
    assertEquals(DriftFormulas.ksPValue(0.2, 100), alcohol.pvalues().get("ks"), 1e-9);
    assertEquals(DriftFormulas.jensenShannon(NUMERIC, live), alcohol.statistics().get("js"), EXACT);
    assertEquals(List.of("ks"), List.copyOf(alcohol.pvalues().keySet()));

    ColumnDrift color = snapshot.columns().get(1);
    long[] colors = {20, 70, 10};
    // categories are not ordered: chi-squared and Cramer's V always, psi and js as listed, no KS
    assertEquals(
        List.of("chi2", "cramers_v", "psi", "js"), List.copyOf(color.statistics().keySet()));
    double chi2 = DriftFormulas.chiSquared(CATEGORIES, colors);
    assertEquals(chi2, color.statistics().get("chi2"), 1e-9);
    // V = sqrt(X^2 / (n (k - 1))): the goodness-of-fit statistic of the same counts, k = 3 bins
    assertEquals(Math.sqrt(chi2 / (100 * 2)), color.statistics().get("cramers_v"), 1e-12);
    assertEquals(
        1 - new ChiSquaredDistribution(2).cumulativeProbability(chi2),
        color.pvalues().get("chi2"),
        1e-12);
    assertEquals(DriftFormulas.psi(CATEGORIES, colors), color.statistics().get("psi"), EXACT);
    assertEquals(
        DriftFormulas.jensenShannon(CATEGORIES, colors), color.statistics().get("js"), EXACT);

    ColumnDrift quality = snapshot.columns().get(2);
    assertEquals("quality", quality.name());
    assertTrue(quality.output());
    assertEquals(alcohol.statistics(), quality.statistics());
  }

  @Test
  void withTheBaselinesCountThePValuesAreTwoSampleTests() throws Exception {
    // a baseline of 1000 values per column: 100, 200, 300, 400 in the numeric bins; 250 red, 750
    // white
    ModelDrift drift = model(drift("{min_samples: 10, statistics: [psi, ks, js, chi2]}"), 1000);
    DriftSnapshot snapshot = drift.compute(new long[] {30, 20, 30, 20, 20, 70, 10});
    ColumnDrift alcohol = snapshot.columns().get(0);
    long[] live = {30, 20, 30, 20};
    // D does not depend on the baseline's count; its p-value is the two-sample one for 100 vs 1000
    // values
    assertEquals(0.2, alcohol.statistics().get("ks"), EXACT);
    assertEquals(DriftFormulas.ksPValue(0.2, 100, 1000), alcohol.pvalues().get("ks"), 1e-9);
    assertTrue(
        alcohol.pvalues().get("ks") > DriftFormulas.ksPValue(0.2, 100),
        "two-sample p above one-sample");
    assertEquals(
        DriftFormulas.chiSquared(NUMERIC, live, 1000), alcohol.statistics().get("chi2"), 1e-9);
    assertEquals(
        DriftFormulas.chiSquaredPValue(NUMERIC, live, 1000), alcohol.pvalues().get("chi2"), 1e-10);
    // PSI and JS compare shares and do not change
    assertEquals(DriftFormulas.psi(NUMERIC, live), alcohol.statistics().get("psi"), EXACT);
    assertEquals(DriftFormulas.jensenShannon(NUMERIC, live), alcohol.statistics().get("js"), EXACT);

    ColumnDrift color = snapshot.columns().get(1);
    long[] colors = {20, 70, 10};
    // __other__ was never seen in training (0 of 1000) but holds 10 live values: a 2 x 3 table, no
    // smoothing
    assertEquals(
        DriftFormulas.chiSquared(CATEGORIES, colors, 1000), color.statistics().get("chi2"), 1e-9);
    assertEquals(
        DriftFormulas.chiSquaredPValue(CATEGORIES, colors, 1000),
        color.pvalues().get("chi2"),
        1e-10);
    assertEquals(alcohol.pvalues(), snapshot.columns().get(2).pvalues());
  }

  @Test
  void chiSquaredOnANumericColumnWhenListed() throws Exception {
    ModelDrift drift = model(drift("{min_samples: 1, statistics: [chi2]}"));
    DriftSnapshot snapshot = drift.compute(new long[] {30, 20, 30, 20, 20, 70, 10});
    ColumnDrift alcohol = snapshot.columns().get(0);
    double chi2 = DriftFormulas.chiSquared(NUMERIC, new long[] {30, 20, 30, 20});
    assertEquals(Map.of("chi2", chi2), alcohol.statistics());
    assertEquals(
        1 - new ChiSquaredDistribution(3).cumulativeProbability(chi2),
        alcohol.pvalues().get("chi2"),
        1e-12);
    assertEquals(
        List.of("chi2", "cramers_v"), List.copyOf(snapshot.columns().get(1).statistics().keySet()));
  }

  @Test
  void theWindowForgetsSlicesOlderThanTheWindow() throws Exception {
    // 2 slices: the window is the current partial slice plus the one complete slice before it
    ModelDrift drift = model(drift("{window: 2s, slices: 2, min_samples: 10}"));
    long[] first = {100, 0, 0, 0, 25, 75, 0};
    drift.rotate(first);
    long[] second = {100, 10, 10, 20, 35, 105, 0};
    assertEquals(140, drift.compute(second).samples());
    drift.rotate(second);
    long[] third = {110, 20, 30, 60, 55, 165, 0};
    DriftSnapshot snapshot = drift.compute(third);
    // the window now spans second..third plus first..second, but not the counts before first
    long[] live = {10, 20, 30, 60};
    assertEquals(120, snapshot.samples());
    assertEquals(
        DriftFormulas.psi(NUMERIC, live), snapshot.columns().get(0).statistics().get("psi"), EXACT);
    drift.rotate(third);
    long[] fourth = third.clone();
    // a third rotation drops everything up to second: only second..third is left
    live = new long[] {10, 10, 20, 40};
    snapshot = drift.compute(fourth);
    assertEquals(80, snapshot.samples());
    assertEquals(
        DriftFormulas.psi(NUMERIC, live), snapshot.columns().get(0).statistics().get("psi"), EXACT);
    assertEquals(1000, drift.slicePeriodMillis());
  }

  @Test
  void belowMinSamplesNothingIsReported() throws Exception {
    ModelDrift drift = model(drift("{min_samples: 50}"));
    DriftSnapshot snapshot = drift.compute(new long[] {10, 10, 10, 10, 5, 5, 0});
    assertFalse(snapshot.reported());
    assertEquals(40, snapshot.samples());
    assertTrue(snapshot.columns().isEmpty());
    // enough rows, but a column with fewer values than min_samples (mostly missing) is left out
    snapshot = drift.compute(new long[] {20, 20, 20, 20, 5, 5, 0});
    assertTrue(snapshot.reported());
    assertEquals(
        List.of("alcohol", "quality"),
        List.of(snapshot.columns().get(0).name(), snapshot.columns().get(1).name()));
  }
}
