package dev.modelwatch.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.drift.DriftVerdict.Status;
import dev.modelwatch.config.DriftConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The verdict rule: drift needs a rejecting test and an effect size at its drift threshold; a
 * warning a rejecting test and an effect size at its warning threshold; anything else is ok.
 * Checked at the edges of each threshold, with the defaults of {@link DriftConfig}.
 */
class DriftVerdictTest {
  static final Map<String, Double> T = DriftConfig.DEFAULT_THRESHOLDS;

  private static Map<String, Double> stats(double psi, double ks, double js) {
    Map<String, Double> s = new LinkedHashMap<>();
    s.put("psi", psi);
    s.put("ks", ks);
    s.put("js", js);
    return s;
  }

  private static Status numeric(Map<String, Double> statistics, double ksPValue) {
    return DriftVerdict.of(false, statistics, Map.of("ks", ksPValue), T).status();
  }

  @Test
  void driftNeedsBothASignificantTestAndALargeEffect() {
    double p = T.get("pvalue");
    double psi = T.get("psi");
    // the case of the issue: JS 0.100 with PSI 0.056 is no longer drift, whatever the p-value
    assertEquals(Status.OK, numeric(stats(0.056, 0.09, 0.100), 1e-9));
    // large effect, test does not reject: ok
    assertEquals(Status.OK, numeric(stats(2 * psi, 0, 0), p));
    assertEquals(Status.OK, numeric(stats(2 * psi, 0, 0), Double.NaN));
    // rejecting test (p strictly below), effect at the drift threshold (inclusive): drift
    assertEquals(Status.DRIFT, numeric(stats(psi, 0, 0), Math.nextDown(p)));
    assertEquals(Status.DRIFT, numeric(stats(0, T.get("ks"), 0), 1e-9));
    assertEquals(Status.DRIFT, numeric(stats(0, 0, T.get("js")), 1e-9));
    // just below the drift threshold, at the warning threshold: warning
    assertEquals(Status.WARNING, numeric(stats(Math.nextDown(psi), 0, 0), 1e-9));
    assertEquals(Status.WARNING, numeric(stats(T.get("psi_warning"), 0, 0), 1e-9));
    assertEquals(Status.WARNING, numeric(stats(0, T.get("ks_warning"), 0), 1e-9));
    assertEquals(Status.WARNING, numeric(stats(0, 0, T.get("js_warning")), 1e-9));
    // below every warning threshold: ok, even with a tiny p-value
    assertEquals(
        Status.OK,
        numeric(
            stats(
                Math.nextDown(T.get("psi_warning")),
                Math.nextDown(T.get("ks_warning")),
                Math.nextDown(T.get("js_warning"))),
            0));
    // the worst effect decides
    assertEquals(Status.DRIFT, numeric(stats(T.get("psi_warning"), T.get("ks"), 0), 1e-9));
  }

  @Test
  void theTestIsKsForNumericColumnsAndChiSquaredForCategoricalOnes() {
    Map<String, Double> statistics = stats(1, 1, 1);
    // numeric: KS decides, a rejecting chi-squared does not
    DriftVerdict numeric = DriftVerdict.of(false, statistics, Map.of("ks", 0.5, "chi2", 1e-9), T);
    assertEquals("ks", numeric.test());
    assertEquals(Status.OK, numeric.status());
    assertFalse(numeric.significant());
    // numeric with only chi2 listed: chi2 decides
    assertEquals(
        Status.DRIFT, DriftVerdict.of(false, Map.of("psi", 1.0), Map.of("chi2", 1e-9), T).status());
    // categorical: chi2 with Cramer's V
    Map<String, Double> v = new LinkedHashMap<>();
    v.put("chi2", 50.0);
    v.put("cramers_v", T.get("cramers_v"));
    DriftVerdict categorical = DriftVerdict.of(true, v, Map.of("chi2", 1e-6), T);
    assertEquals("chi2", categorical.test());
    assertEquals(Status.DRIFT, categorical.status());
    assertTrue(categorical.significant());
    assertEquals(
        Map.of("cramers_v", Status.DRIFT), categorical.effects(), "chi2 is no effect size");
    v.put("cramers_v", T.get("cramers_v_warning"));
    assertEquals(Status.WARNING, DriftVerdict.of(true, v, Map.of("chi2", 1e-6), T).status());
    v.put("cramers_v", Math.nextDown(T.get("cramers_v_warning")));
    assertEquals(Status.OK, DriftVerdict.of(true, v, Map.of("chi2", 1e-6), T).status());
    // no test at all: never a warning or drift
    assertEquals(Status.OK, DriftVerdict.of(false, stats(9, 1, 1), Map.of(), T).status());
  }

  @Test
  void severityIsTheLargestEffectOverItsDriftThreshold() {
    DriftVerdict verdict = DriftVerdict.of(false, stats(0.5, 0.1, 0.05), Map.of("ks", 0.5), T);
    assertEquals(0.5 / T.get("psi"), verdict.severity(), 1e-15);
    assertEquals(2.0, Status.DRIFT.gaugeValue());
    assertEquals(1.0, Status.WARNING.gaugeValue());
    assertEquals(0.0, Status.OK.gaugeValue());
  }

  @Test
  void cramersVIsTheGoodnessOfFitEffectSize() {
    // baseline 0.4 / 0.3 / 0.2 / 0.1; window 300 / 300 / 200 / 200: a 10-point share moved from the
    // first
    // category to the last; w^2 = 0.01/0.4 + 0 + 0 + 0.01/0.1 = 0.125, V = sqrt(0.125 / 3)
    double v =
        DriftStatistics.cramersV(
            new double[] {0.4, 0.3, 0.2, 0.1}, new long[] {300, 300, 200, 200});
    assertEquals(Math.sqrt(0.125 / 3), v, 1e-12);
    assertEquals(
        0.0, DriftStatistics.cramersV(new double[] {0.5, 0.5}, new long[] {50, 50}), 1e-15);
    assertTrue(Double.isNaN(DriftStatistics.cramersV(new double[] {0.5, 0.5}, new long[] {0, 0})));
  }
}
