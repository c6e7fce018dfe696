package dev.modelwatch.agent.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.drift.DriftVerdict;
import dev.modelwatch.config.DriftConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Escaping, JSON writing, histogram quantiles and status tiers of the page, by hand-computed
 * values.
 */
class PageRenderingTest {
  static final String NASTY = "<b onmouseover=\"x\">'a'&amp;</b>";

  @Test
  void htmlEscapesEveryNameInTextAndAttributes() {
    ColumnReport column =
        new ColumnReport(
            NASTY,
            false,
            true,
            DriftVerdict.of(
                true, Map.of("psi", 0.5), Map.of("chi2", 1e-9), DriftConfig.DEFAULT_THRESHOLDS),
            10,
            Map.of("psi", 0.5),
            Map.of(),
            List.of(new Bin(NASTY, 0.5, 0.25), new Bin("b", 0.5, 0.75)),
            10,
            0,
            -1);
    ModelReport model =
        new ModelReport(
            NASTY,
            10,
            0,
            0,
            0.001,
            0.002,
            0.003,
            new ModelReport.DriftSummary(60, 6, 5, 10, Map.of("psi", 0.25), List.of(NASTY)),
            List.of(column),
            List.of(new EvaluationValue("model_evaluation_accuracy", Map.of("set", NASTY), 0.9)));
    String html = DriftPage.render("1.0", List.of(model), Instant.EPOCH);
    assertFalse(html.contains(NASTY), html);
    assertFalse(html.contains("<b onmouseover"), html);
    String escaped = "&lt;b onmouseover=&quot;x&quot;&gt;&#39;a&#39;&amp;amp;&lt;/b&gt;";
    assertTrue(html.contains("data-model=\"" + escaped + "\""), html);
    assertTrue(html.contains("data-feature=\"" + escaped + "\" data-status=\"drift\""), html);
    assertTrue(
        html.contains(
            "<g data-bin=\"" + escaped + "\"><title>" + escaped + ": baseline 50.0%, live 25.0%"),
        html);
    assertTrue(html.contains("set=" + escaped), html);
    // said once per model: the baseline has no count for the column, so its p-values treat it as
    // exact
    assertTrue(
        html.contains(
            "<p class=\"meta\" data-without-count>The baseline has no count for "
                + escaped
                + ": their p-values treat the baseline as exact"),
        html);
    assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"5\">"), html);
    assertFalse(html.contains("<script"), html);
  }

  @Test
  void jsonEscapesStringsAndWritesNonFiniteNumbersAsNull() {
    String json =
        new JsonWriter()
            .beginObject()
            .name("s")
            .value("q\" b\\ n\n t\t c\u0001 ls\u2028 é")
            .name("a")
            .beginArray()
            .value(1L)
            .value(0.25)
            .value(Double.NaN)
            .value(Double.POSITIVE_INFINITY)
            .value(true)
            .value((String) null)
            .endArray()
            .name("o")
            .beginObject()
            .endObject()
            .endObject()
            .toString();
    assertEquals(
        "{\"s\":\"q\\\" b\\\\ n\\n t\\t c\\u0001 ls\\u2028 é\",\"a\":[1,0.25,null,null,true,null],\"o\":{}}",
        json);
  }

  @Test
  void modelsJsonHasTheReportsFields() {
    Map<String, Double> statistics = new LinkedHashMap<>();
    statistics.put("psi", 0.5);
    statistics.put("ks", 0.2);
    ColumnReport column =
        new ColumnReport(
            "x\"",
            true,
            false,
            DriftVerdict.of(false, statistics, Map.of("ks", 0.001), DriftConfig.DEFAULT_THRESHOLDS),
            4,
            statistics,
            Map.of("ks", 0.001),
            List.of(new Bin("\u2264 1", 0.5, 0.25)),
            3,
            1,
            -1);
    ModelReport model =
        new ModelReport(
            "m", 4, 1, 0, Double.NaN, Double.NaN, Double.NaN, null, List.of(column), List.of());
    assertEquals(
        "{\"agentVersion\":\"v\",\"models\":[{\"name\":\"m\",\"calls\":4,\"errors\":1,\"errorRate\":0.25,"
            + "\"inFlight\":0,\"latencySeconds\":{\"p50\":null,\"p90\":null,\"p99\":null},\"drift\":null,"
            + "\"columns\":[{\"name\":\"x\\\"\",\"role\":\"output\",\"kind\":\"numeric\",\"status\":\"drift\","
            + "\"severity\":2,\"windowSamples\":4,\"statistics\":{\"psi\":0.5,\"ks\":0.2},\"pvalues\":{\"ks\":0.001},"
            + "\"values\":3,\"missing\":1,\"missingRate\":0.25,\"outOfRange\":null,\"outOfRangeRate\":null,"
            + "\"bins\":[{\"label\":\"\u2264 1\",\"baseline\":0.5,\"live\":0.25,\"count\":null}],\"edges\":null,\"history\":null}],"
            + "\"evaluation\":[]}]}",
        ModelsJson.write("v", List.of(model)));
  }

  @Test
  void quantilesInterpolateInsideTheirBucketAsPrometheusDoes() {
    double[] bounds = {1, 2, 4, Double.POSITIVE_INFINITY};
    long[] counts = {2, 2, 4, 0};
    // rank 0.8 of 8 in [0, 1] holding 2: 0.8 / 2 of the way
    assertEquals(0.4, HistogramQuantile.of(0.1, bounds, counts), 1e-12);
    // rank 4: the end of bucket (1, 2]
    assertEquals(2.0, HistogramQuantile.of(0.5, bounds, counts), 1e-12);
    // rank 6: half-way through (2, 4]
    assertEquals(3.0, HistogramQuantile.of(0.75, bounds, counts), 1e-12);
    // ranks in the +Inf bucket: the last finite bound
    assertEquals(4.0, HistogramQuantile.of(0.5, bounds, new long[] {0, 0, 1, 5}), 1e-12);
    assertTrue(Double.isNaN(HistogramQuantile.of(0.5, bounds, new long[4])));
  }

  @Test
  void effectSizesAreColouredOnlyWhenTheTestRejectsAndPValuesRedOnlyForAWarningOrDrift() {
    Map<String, Double> statistics = new LinkedHashMap<>();
    statistics.put("psi", 0.3);
    statistics.put("ks", 0.05);
    // large PSI, test does not reject: ok, nothing coloured
    String notSignificant =
        row(
            new ColumnReport(
                "a",
                false,
                false,
                DriftVerdict.of(
                    false, statistics, Map.of("ks", 0.02), DriftConfig.DEFAULT_THRESHOLDS),
                500,
                statistics,
                Map.of("ks", 0.02),
                List.of(),
                500,
                0,
                0));
    assertTrue(notSignificant.contains("data-status=\"ok\""), notSignificant);
    assertTrue(
        notSignificant.contains("<span class=\"stat\" data-statistic=\"psi\">"), notSignificant);
    assertTrue(
        notSignificant.contains("<span class=\"stat pvalue\" data-pvalue=\"ks\">"), notSignificant);
    // test rejects, PSI at its drift level: drift, PSI red, the KS p-value red, KS (below warning)
    // ok
    String drift =
        row(
            new ColumnReport(
                "b",
                false,
                false,
                DriftVerdict.of(
                    false, statistics, Map.of("ks", 0.001), DriftConfig.DEFAULT_THRESHOLDS),
                500,
                statistics,
                Map.of("ks", 0.001),
                List.of(),
                500,
                0,
                0));
    assertTrue(drift.contains("data-status=\"drift\""), drift);
    assertTrue(drift.contains("<span class=\"stat drift\" data-statistic=\"psi\">"), drift);
    assertTrue(drift.contains("<span class=\"stat ok\" data-statistic=\"ks\">"), drift);
    assertTrue(
        drift.contains("<span class=\"stat pvalue significant\" data-pvalue=\"ks\">"), drift);
    // test rejects, every effect size small: ok, and the p-value is not red
    Map<String, Double> small = Map.of("psi", 0.02);
    String smallEffect =
        row(
            new ColumnReport(
                "c",
                false,
                false,
                DriftVerdict.of(false, small, Map.of("ks", 1e-6), DriftConfig.DEFAULT_THRESHOLDS),
                500,
                small,
                Map.of("ks", 1e-6),
                List.of(),
                500,
                0,
                0));
    assertTrue(smallEffect.contains("data-status=\"ok\""), smallEffect);
    assertTrue(smallEffect.contains("<span class=\"stat pvalue small-effect\""), smallEffect);
    assertFalse(smallEffect.contains("significant\""), smallEffect);
  }

  static String row(ColumnReport column) {
    ModelReport model =
        new ModelReport(
            "m",
            500,
            0,
            0,
            0.001,
            0.002,
            0.003,
            new ModelReport.DriftSummary(
                60, 6, 100, 500, DriftConfig.DEFAULT_THRESHOLDS, List.of()),
            List.of(column),
            List.of());
    String html = DriftPage.render("1.0", List.of(model), Instant.EPOCH);
    int start = html.indexOf("<tr data-model=\"m\"");
    return html.substring(start, html.indexOf("</tr>", start));
  }
}
