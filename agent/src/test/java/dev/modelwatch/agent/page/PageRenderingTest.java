package dev.modelwatch.agent.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Escaping, JSON writing, histogram quantiles and status tiers of the page, by hand-computed values. */
class PageRenderingTest {
  static final String NASTY = "<b onmouseover=\"x\">'a'&amp;</b>";

  @Test
  void htmlEscapesEveryNameInTextAndAttributes() {
    ColumnReport column = new ColumnReport(NASTY, false, true, ColumnStatus.DRIFT, 2, 10,
        Map.of("psi", 0.5), Map.of(), List.of(new Bin(NASTY, 0.5, 0.25), new Bin("b", 0.5, 0.75)), 10, 0, -1);
    ModelReport model = new ModelReport(NASTY, 10, 0, 0, 0.001, 0.002, 0.003,
        new ModelReport.DriftSummary(60, 6, 5, 10, Map.of("psi", 0.25), List.of(NASTY)), List.of(column),
        List.of(new EvaluationValue("model_evaluation_accuracy", Map.of("set", NASTY), 0.9)));
    String html = DriftPage.render("1.0", List.of(model), Instant.EPOCH);
    assertFalse(html.contains(NASTY), html);
    assertFalse(html.contains("<b onmouseover"), html);
    String escaped = "&lt;b onmouseover=&quot;x&quot;&gt;&#39;a&#39;&amp;amp;&lt;/b&gt;";
    assertTrue(html.contains("data-model=\"" + escaped + "\""), html);
    assertTrue(html.contains("data-feature=\"" + escaped + "\" data-status=\"drift\""), html);
    assertTrue(html.contains("<g data-bin=\"" + escaped + "\"><title>" + escaped + ": baseline 50.0%, live 25.0%"), html);
    assertTrue(html.contains("set=" + escaped), html);
    // said once per model: the baseline has no count for the column, so its p-values treat it as exact
    assertTrue(html.contains("<p class=\"meta\" data-without-count>The baseline has no count for " + escaped
        + ": their p-values treat the baseline as exact"), html);
    assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"5\">"), html);
    assertFalse(html.contains("<script"), html);
  }

  @Test
  void jsonEscapesStringsAndWritesNonFiniteNumbersAsNull() {
    String json = new JsonWriter().beginObject()
        .name("s").value("q\" b\\ n\n t\t c\u0001 ls\u2028 é")
        .name("a").beginArray().value(1L).value(0.25).value(Double.NaN).value(Double.POSITIVE_INFINITY)
        .value(true).value((String) null).endArray()
        .name("o").beginObject().endObject()
        .endObject().toString();
    assertEquals("{\"s\":\"q\\\" b\\\\ n\\n t\\t c\\u0001 ls\\u2028 é\",\"a\":[1,0.25,null,null,true,null],\"o\":{}}",
        json);
  }

  @Test
  void modelsJsonHasTheReportsFields() {
    Map<String, Double> statistics = new LinkedHashMap<>();
    statistics.put("psi", 0.5);
    statistics.put("ks", 0.2);
    ColumnReport column = new ColumnReport("x\"", true, false, ColumnStatus.DRIFT, 2, 4, statistics,
        Map.of("ks", 0.001), List.of(new Bin("\u2264 1", 0.5, 0.25)), 3, 1, -1);
    ModelReport model = new ModelReport("m", 4, 1, 0, Double.NaN, Double.NaN, Double.NaN, null, List.of(column),
        List.of());
    assertEquals("{\"agentVersion\":\"v\",\"models\":[{\"name\":\"m\",\"calls\":4,\"errors\":1,\"errorRate\":0.25,"
        + "\"inFlight\":0,\"latencySeconds\":{\"p50\":null,\"p90\":null,\"p99\":null},\"drift\":null,"
        + "\"columns\":[{\"name\":\"x\\\"\",\"role\":\"output\",\"kind\":\"numeric\",\"status\":\"drift\","
        + "\"severity\":2,\"windowSamples\":4,\"statistics\":{\"psi\":0.5,\"ks\":0.2},\"pvalues\":{\"ks\":0.001},"
        + "\"values\":3,\"missing\":1,\"missingRate\":0.25,\"outOfRange\":null,\"outOfRangeRate\":null,"
        + "\"bins\":[{\"label\":\"\u2264 1\",\"baseline\":0.5,\"live\":0.25}]}],\"evaluation\":[]}]}",
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
  void statusTiersAreThoseOfTheAlertRules() {
    assertEquals(ColumnStatus.DRIFT, ColumnStatus.ofStatistic("psi", 0.2501, 0.25));
    assertEquals(ColumnStatus.WARNING, ColumnStatus.ofStatistic("psi", 0.25, 0.25));
    assertEquals(ColumnStatus.WARNING, ColumnStatus.ofStatistic("psi", 0.1001, 0.25));
    assertEquals(ColumnStatus.OK, ColumnStatus.ofStatistic("psi", 0.1, 0.25));
    assertEquals(ColumnStatus.OK, ColumnStatus.ofStatistic("chi2", 50, null));
    // KS and JS have no warning tier: 0.05 is within sampling noise
    assertEquals(ColumnStatus.OK, ColumnStatus.ofStatistic("ks", 0.05, 0.1));
    assertEquals(ColumnStatus.DRIFT, ColumnStatus.ofStatistic("js", 0.1001, 0.1));
  }
}
