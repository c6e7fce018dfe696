package dev.modelwatch.agent.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.drift.DriftVerdict;
import dev.modelwatch.agent.drift.StatisticHistory;
import dev.modelwatch.agent.record.NumericHistogram;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The charts read without hovering: axis labels are the bins' edges or category names and never
 * overlap, a column without a baseline shows its counts, and the sparkline draws the history it is
 * given. Label widths are measured here as 0.6 em per character of the 9 px monospace font the
 * page's style sets for them.
 */
class PageChartsTest {
  static final double CHAR = 0.6 * 9;
  static final Pattern TEXT =
      Pattern.compile(
          "<text class=\"(edge|category)\" x=\"([0-9.]+)\" y=\"[0-9.]+\" text-anchor=\"middle\""
              + " data-(?:edge|category)=\"([^\"]*)\">([^<]*)</text>");

  /** The wine alcohol baseline's 9 edges, and edge sets from few to many bins. */
  static final double[][] EDGE_SETS = {
    {8.99, 9.4531, 9.78, 10.1, 10.4, 10.8, 11.2, 11.7, 12.4},
    {0.5},
    {-1000, -100, -10, -1, -0.1, 0, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000},
    {1.23456789e-7, 2.5e-6, 0.001234, 1, 123456.0, 98765432.1},
    manyEdges(99),
  };

  static double[] manyEdges(int n) {
    double[] edges = new double[n];
    for (int i = 0; i < n; i++) {
      edges[i] = -12.345 + i * 0.731;
    }
    return edges;
  }

  @Test
  void numericAxesLabelTheirEdgesFirstAndLastAlwaysWithoutOverlap() {
    for (double[] edges : EDGE_SETS) {
      List<Bin> bins = new ArrayList<>();
      for (int i = 0; i <= edges.length; i++) {
        bins.add(new Bin("bin " + i, 1.0 / (edges.length + 1), 0.5, 5));
      }
      String svg = DistributionChart.svg(bins, edges, true, DriftVerdict.Status.OK);
      List<String[]> labels = labels(svg);
      String what = Arrays.toString(edges);
      assertFalse(labels.isEmpty(), what);
      List<Double> shown = new ArrayList<>();
      for (String[] label : labels) {
        assertEquals("edge", label[0], what);
        double edge = Double.parseDouble(label[2]);
        assertTrue(contains(edges, edge), edge + " is no edge of " + what);
        shown.add(edge);
        // the text is the edge in four significant digits
        double text = Double.parseDouble(label[3]);
        assertEquals(edge, text, Math.abs(edge) * 5e-4 + 1e-300, label[3] + " for " + edge);
      }
      assertEquals(edges[0], shown.get(0), what);
      if (edges.length > 1) {
        assertEquals(edges[edges.length - 1], shown.get(shown.size() - 1), what);
      }
      assertNoOverlap(labels, what);
      if (edges.length == 9) {
        // 10 bins on 260 px leave room for every other edge of the wine baseline at least
        assertTrue(labels.size() >= 5, svg);
      }
    }
  }

  @Test
  void categoricalAxesNameTheirCategoriesWithoutOverlap() {
    List<Bin> bins = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      String name = i % 3 == 0 ? "a very long category name " + i : "c" + i;
      names.add(name);
      bins.add(new Bin(name, 1.0 / 24, 1.0 / 24, 1));
    }
    List<String[]> labels =
        labels(DistributionChart.svg(bins, null, true, DriftVerdict.Status.WARNING));
    assertEquals(names.get(0), labels.get(0)[2]);
    assertEquals(names.get(23), labels.get(labels.size() - 1)[2]);
    for (String[] label : labels) {
      assertEquals("category", label[0]);
      assertTrue(names.contains(label[2]), label[2]);
      assertTrue(label[3].length() <= 10, label[3]);
    }
    assertNoOverlap(labels, "24 categories");
    // three categories: every name fits
    List<Bin> colors =
        List.of(
            new Bin("0", 0.3, 0.3, 3), new Bin("1", 0.7, 0.7, 7), new Bin("__other__", 0, 0, 0));
    List<String[]> three =
        labels(DistributionChart.svg(colors, null, true, DriftVerdict.Status.OK));
    assertEquals(List.of("0", "1", "__other__"), texts(three, 3));
  }

  @Test
  void aColumnWithoutBaselineShowsItsCountsPerBucket() {
    double[] edges = {8, 9, 10, 11};
    long[] counts = {3, 0, 17, 5, 1};
    List<Bin> bins = ModelReports.liveBins(ModelReports.rangeLabels(edges), counts);
    ColumnReport column =
        new ColumnReport(
            "alcohol",
            false,
            false,
            DriftVerdict.NO_BASELINE,
            0,
            java.util.Map.of(),
            java.util.Map.of(),
            bins,
            26,
            0,
            0,
            edges,
            null);
    String html = PageRenderingTest.row(column);
    assertTrue(html.contains("no baseline: values since start per bin"), html);
    Matcher bar = Pattern.compile("<g data-bin=\"([^\"]+)\" data-count=\"(\\d+)\">").matcher(html);
    List<Long> seen = new ArrayList<>();
    while (bar.find()) {
      seen.add(Long.parseLong(bar.group(2)));
    }
    assertEquals(List.of(3L, 0L, 17L, 5L, 1L), seen);
    assertTrue(
        html.contains("<title>8.000 \u2013 9.000: 0 values (0.0%) since start</title>"), html);
    assertTrue(
        html.contains("<title>9.000 \u2013 10.00: 17 values (65.4%) since start</title>"), html);
    assertFalse(html.contains("class=\"baseline\""), html);
    assertEquals(List.of("8", "9", "10", "11"), texts(labels(html), 3));
    // the live bar of the fullest bucket is the full plot height
    assertTrue(html.contains("<rect class=\"live no-baseline\" x=\""), html);
    assertTrue(html.contains("height=\"54.0\"/></g>"), html);
    // no sparkline without a baseline
    assertTrue(html.endsWith("</svg></td><td>-</td>"), html);
    // default bounds: 20 buckets, 19 edges
    assertEquals(20, NumericHistogram.DEFAULT_BOUNDS.length + 1);
  }

  @Test
  void theSparklineDrawsEveryPointWithGapsTheThresholdAndDots() {
    List<StatisticHistory.Point> points =
        List.of(
            point(1000, Double.NaN, DriftVerdict.Status.PENDING),
            point(2000, 0.05, DriftVerdict.Status.OK),
            point(3000, 0.5, DriftVerdict.Status.DRIFT),
            point(4000, Double.NaN, DriftVerdict.Status.PENDING),
            point(5000, 0.15, DriftVerdict.Status.WARNING));
    String svg = Sparkline.svg(new ColumnHistory("psi", 0.25, 60, points));
    assertTrue(svg.contains("data-statistic=\"psi\" data-threshold=\"0.25\""), svg);
    assertTrue(svg.contains("data-values=\"- 0.05 0.5 - 0.15\""), svg);
    assertTrue(svg.contains("data-times=\"1000 2000 3000 4000 5000\""), svg);
    // scale: 0 at y 28, the highest value (0.5) times 1.1 at y 2; x: 60 places over 2..122
    double max = 0.55;
    double step = 120.0 / 59;
    String expected =
        String.format(
            Locale.ROOT,
            "d=\"M%.1f %.1f L%.1f %.1f L%.1f %.1f M%.1f %.1f L%.1f %.1f\"",
            2 + 56 * step,
            28 - 26 * 0.05 / max,
            2 + 56 * step,
            28 - 26 * 0.05 / max,
            2 + 57 * step,
            28 - 26 * 0.5 / max,
            2 + 59 * step,
            28 - 26 * 0.15 / max,
            2 + 59 * step,
            28 - 26 * 0.15 / max);
    assertTrue(svg.contains(expected), expected + " in " + svg);
    assertTrue(svg.contains(String.format(Locale.ROOT, "y1=\"%.1f\"", 28 - 26 * 0.25 / max)), svg);
    assertEquals(1, count(svg, "<circle class=\"drift\""), svg);
    assertEquals(1, count(svg, "<circle class=\"warning\""), svg);
    assertTrue(svg.contains("last 0.150, highest 0.500, threshold 0.250"), svg);
  }

  @Test
  void theJsonCarriesCountsEdgesAndHistory() {
    ColumnReport column =
        new ColumnReport(
            "x",
            false,
            false,
            DriftVerdict.PENDING,
            3,
            java.util.Map.of(),
            java.util.Map.of(),
            List.of(new Bin("\u2264 1", 0.5, 1.0 / 3, 1), new Bin("> 1", 0.5, 2.0 / 3, 2)),
            3,
            0,
            0,
            new double[] {1},
            new ColumnHistory(
                "psi", 0.25, 60, List.of(point(1000, 0.125, DriftVerdict.Status.OK))));
    ModelReport model =
        new ModelReport(
            "m", 3, 0, 0, Double.NaN, Double.NaN, Double.NaN, null, List.of(column), List.of());
    String json = ModelsJson.write("v", List.of(model));
    assertTrue(
        json.contains(
            "\"bins\":[{\"label\":\"\u2264 1\",\"baseline\":0.5,\"live\":0.3333333333333333,\"count\":1},"
                + "{\"label\":\"> 1\",\"baseline\":0.5,\"live\":0.6666666666666666,\"count\":2}],"
                + "\"edges\":[1],\"history\":{\"statistic\":\"psi\",\"threshold\":0.25,\"capacity\":60,"
                + "\"points\":[{\"time\":1000,\"value\":0.125,\"status\":\"ok\"}]}}"),
        json);
  }

  static StatisticHistory.Point point(long time, double value, DriftVerdict.Status status) {
    return new StatisticHistory.Point(time, value, status);
  }

  /** Each label as {class, x, data value, text}. */
  static List<String[]> labels(String svg) {
    List<String[]> labels = new ArrayList<>();
    Matcher m = TEXT.matcher(svg);
    while (m.find()) {
      labels.add(
          new String[] {
            m.group(1), m.group(2), unescape(m.group(3)), unescape(m.group(4)),
          });
    }
    return labels;
  }

  static List<String> texts(List<String[]> labels, int part) {
    List<String> texts = new ArrayList<>();
    for (String[] label : labels) {
      texts.add(label[part]);
    }
    return texts;
  }

  static void assertNoOverlap(List<String[]> labels, String what) {
    double previousRight = 0;
    for (String[] label : labels) {
      double x = Double.parseDouble(label[1]);
      double half = label[3].length() * CHAR / 2;
      // rounded to 0.1 px in the SVG
      assertTrue(
          x - half >= previousRight - 0.1, label[3] + " overlaps its left neighbour in " + what);
      assertTrue(
          x + half <= DistributionChart.WIDTH + 0.1, label[3] + " leaves the chart in " + what);
      previousRight = x + half;
    }
  }

  static String unescape(String text) {
    return text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
  }

  static boolean contains(double[] values, double value) {
    for (double v : values) {
      if (v == value) {
        return true;
      }
    }
    return false;
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
