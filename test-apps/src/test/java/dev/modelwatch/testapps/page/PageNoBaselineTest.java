package dev.modelwatch.testapps.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.agent.AgentedServer;
import dev.modelwatch.testapps.agent.DriftDetectionTest;
import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A model without a baseline on the page, in headless Chromium: every feature and the output show
 * their values since start per bucket, with "no baseline" said in the row, and no empty chart. The
 * bars' counts equal the rows the test sent, bucketed by the test on the config's bounds; the axis
 * labels are those bounds; {@code /api/models} has the same counts.
 */
class PageNoBaselineTest {
  static final Path WORK = ForkedServer.moduleDir().resolve("target").resolve("page-no-baseline");
  static final int ROWS = 1500;
  static final double[] ALCOHOL = {8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5, 14};
  static final double[] PH = {2.9, 3.1, 3.3, 3.5, 3.7};
  static final double[] QUALITY = {4, 5, 6, 7};

  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: wine",
          "    intercept: {class: dev.modelwatch.testapps.plain.LinearWineModel, method: predict}",
          "    features:",
          "      - {name: alcohol, index: "
              + WineData.ALCOHOL_INDEX
              + ", buckets: "
              + list(ALCOHOL)
              + "}",
          "      - {name: pH, index: " + WineData.PH_INDEX + ", buckets: " + list(PH) + "}",
          "      - {name: color, kind: categorical, index: " + WineData.COLOR_INDEX + "}",
          "    outputs:",
          "      - {name: predicted_quality, kind: regression, buckets: " + list(QUALITY) + "}",
          "");

  @Test
  void aModelWithoutBaselineShowsItsLiveHistograms() throws Exception {
    Chromium chromium = Chromium.find(WORK.resolve("chromium"));
    try (AgentedServer app =
        AgentedServer.start(
            PageJson.PLAIN_SERVER, CONFIG, List.of("--port", "0", "--threads", "4"))) {
      TrafficResult result =
          DriftDetectionTest.send(
              app, new TrafficGenerator.Options().mode(TrafficMode.NORMAL).rows(ROWS).seed(5));
      DriftDetectionTest.Sent sent = DriftDetectionTest.Sent.of(result.exchanges());
      assertEquals(ROWS, sent.rows());

      String dom = chromium.dumpDom("http://127.0.0.1:" + app.agentPort() + "/");
      Files.writeString(WORK.resolve("no-baseline-dom.html"), dom);
      Map<String, Object> model = PageJson.onlyModel(PageJson.apiModels(app));
      assertEquals(null, model.get("drift"));

      Map<String, long[]> expected = new LinkedHashMap<>();
      expected.put("feature:alcohol", bucket(sent.feature(WineData.ALCOHOL_INDEX), ALCOHOL));
      expected.put("feature:pH", bucket(sent.feature(WineData.PH_INDEX), PH));
      expected.put("output:predicted_quality", bucket(sent.predictions(), QUALITY));
      Map<String, double[]> bounds =
          Map.of("feature:alcohol", ALCOHOL, "feature:pH", PH, "output:predicted_quality", QUALITY);
      for (Map.Entry<String, long[]> e : expected.entrySet()) {
        String[] key = e.getKey().split(":");
        String row = PageJson.row(dom, key[0], key[1]);
        assertTrue(row.contains("data-status=\"no-baseline\""), row);
        assertTrue(row.contains("no baseline: values since start per bin"), row);
        long[] counts = e.getValue();
        assertEquals(ROWS, total(counts), e.getKey());
        assertEquals(toList(counts), barCounts(row), e.getKey() + " bars");
        // the axis: the config's bounds, first and last always
        List<Double> edges = PageJson.axisEdges(row);
        double[] configured = bounds.get(e.getKey());
        assertEquals(configured[0], edges.get(0), e.getKey());
        assertEquals(configured[configured.length - 1], edges.get(edges.size() - 1), e.getKey());
        for (double edge : edges) {
          assertTrue(contains(configured, edge), edge + " is no bound of " + e.getKey());
        }
        Map<String, Object> column = PageJson.column(model, key[0], key[1]);
        assertEquals("no-baseline", column.get("status"));
        assertEquals(toDoubles(configured), column.get("edges"), e.getKey());
        assertEquals(null, column.get("history"));
        List<Double> jsonCounts = new ArrayList<>();
        for (Map<String, Object> bin : PageJson.bins(column)) {
          jsonCounts.add((Double) bin.get("count"));
          assertEquals(null, bin.get("baseline"));
        }
        List<Double> expectedCounts = new ArrayList<>();
        for (long c : counts) {
          expectedCounts.add((double) c);
        }
        assertEquals(expectedCounts, jsonCounts, e.getKey() + " in /api/models");
      }
      // the categorical feature: one bar per colour seen, named on the axis
      Map<String, Long> colors = new LinkedHashMap<>();
      for (String color : sent.colors()) {
        colors.merge(color, 1L, Long::sum);
      }
      String row = PageJson.row(dom, "feature", "color");
      Map<String, Long> bars = new LinkedHashMap<>();
      Matcher bar = Pattern.compile("<g data-bin=\"([^\"]+)\" data-count=\"(\\d+)\">").matcher(row);
      while (bar.find()) {
        bars.put(bar.group(1), Long.parseLong(bar.group(2)));
      }
      assertEquals(colors, bars, "colour bars");
      assertEquals(
          new ArrayList<>(colors.keySet()),
          PageJson.axisCategories(row),
          "colour names on the axis");
    }
  }

  static long[] bucket(double[] values, double[] bounds) {
    long[] counts = new long[bounds.length + 1];
    for (double v : values) {
      int b = 0;
      while (b < bounds.length && v > bounds[b]) {
        b++;
      }
      counts[b]++;
    }
    return counts;
  }

  static List<Long> barCounts(String row) {
    List<Long> counts = new ArrayList<>();
    Matcher bar = Pattern.compile("<g data-bin=\"[^\"]+\" data-count=\"(\\d+)\">").matcher(row);
    while (bar.find()) {
      counts.add(Long.parseLong(bar.group(1)));
    }
    return counts;
  }

  private static String list(double[] values) {
    StringBuilder text = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      text.append(i == 0 ? "" : ", ").append(values[i]);
    }
    return text.append(']').toString();
  }

  private static long total(long[] counts) {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  private static List<Long> toList(long[] counts) {
    List<Long> list = new ArrayList<>();
    for (long c : counts) {
      list.add(c);
    }
    return list;
  }

  private static List<Double> toDoubles(double[] values) {
    List<Double> list = new ArrayList<>();
    for (double v : values) {
      list.add(v);
    }
    return list;
  }

  private static boolean contains(double[] values, double value) {
    for (double v : values) {
      if (v == value) {
        return true;
      }
    }
    return false;
  }
}
