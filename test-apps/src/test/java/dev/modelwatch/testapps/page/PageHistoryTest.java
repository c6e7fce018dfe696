package dev.modelwatch.testapps.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.agent.AgentedServer;
import dev.modelwatch.testapps.agent.DriftDetectionTest;
import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each feature's sparkline is its drift statistic at every drift evaluation. With 1 s slices (the
 * shortest the config allows) in a 20 s window, the test sends normal rows, then drifted ones
 * twice; after each batch it reads {@code /api/models} (alcohol's PSI, which must equal the PSI the
 * test computes from every row it sent and the baseline file), and waits for the next evaluation:
 * its point must be exactly that PSI, with the same status. Then it waits until the rows have left
 * the window: alcohol is {@code pending}, and the page, in headless Chromium, still draws the drift
 * in its sparkline, point for point as {@code /api/models} lists it.
 */
class PageHistoryTest {
  static final Path WORK = ForkedServer.moduleDir().resolve("target").resolve("page-history");
  static final int BATCH = 600;
  static final long WAIT_MILLIS = 30_000;

  @Test
  void theSparklineKeepsEveryEvaluationAfterTheDriftLeftTheWindow() throws Exception {
    Chromium chromium = Chromium.find(WORK.resolve("chromium"));
    DriftDetectionTest.Training training = DriftDetectionTest.Training.build("history", 20_000, 42);
    DriftDetectionTest.Baseline.Numeric alcohol = training.baseline.numeric.get("alcohol");
    try (AgentedServer app =
        AgentedServer.start(
            PageJson.PLAIN_SERVER,
            training.config("{window: 20s, slices: 20, min_samples: 200}"),
            List.of("--port", "0", "--threads", "4"))) {
      List<Double> sentAlcohol = new ArrayList<>();
      List<Double> psis = new ArrayList<>();
      List<String> statuses = new ArrayList<>();
      List<Long> pointTimes = new ArrayList<>();
      TrafficGenerator.Options[] batches = {
        new TrafficGenerator.Options().mode(TrafficMode.NORMAL).rows(BATCH).seed(31),
        drifted(32),
        drifted(33),
      };
      for (TrafficGenerator.Options batch : batches) {
        DriftDetectionTest.Sent sent =
            DriftDetectionTest.Sent.of(DriftDetectionTest.send(app, batch).exchanges());
        for (double v : sent.feature(WineData.ALCOHOL_INDEX)) {
          sentAlcohol.add(v);
        }
        Map<String, Object> column = alcohol(app);
        Map<String, Object> model = PageJson.onlyModel(PageJson.apiModels(app));
        assertEquals(
            (double) sentAlcohol.size(),
            column.get("windowSamples"),
            "every row sent is still in the 20 s window (a machine this slow cannot run the test)");
        @SuppressWarnings("unchecked")
        double psi = ((Map<String, Double>) column.get("statistics")).get("psi");
        // the PSI of every row sent so far, binned by the test on the baseline's edges
        double[] values = sentAlcohol.stream().mapToDouble(Double::doubleValue).toArray();
        assertEquals(
            DriftDetectionTest.Formulas.psi(alcohol.shares, alcohol.bin(values)), psi, 1e-12);
        List<Map<String, Object>> before = points(column);
        long last = before.isEmpty() ? 0 : time(before.get(before.size() - 1));
        // the next evaluation closes a window holding the same rows: its point is this PSI
        Map<String, Object> next = awaitPointAfter(app, last);
        assertEquals(psi, (Double) next.get("value"), "the point after " + sentAlcohol.size());
        assertEquals(column.get("status"), next.get("status"));
        psis.add(psi);
        statuses.add((String) column.get("status"));
        pointTimes.add(time(next));
        assertTrue(model.get("drift") != null);
      }
      assertEquals("ok", statuses.get(0), "normal rows");
      assertEquals("drift", statuses.get(2), "two batches of three drifted");

      // the rows leave the window; the history keeps what they did
      long deadline = System.currentTimeMillis() + WAIT_MILLIS;
      Map<String, Object> column = alcohol(app);
      while ((Double) column.get("windowSamples") > 0) {
        assertTrue(System.currentTimeMillis() < deadline, "rows still in the window: " + column);
        Thread.sleep(100);
        column = alcohol(app);
      }
      assertEquals("pending", column.get("status"));
      String dom = chromium.dumpDom("http://127.0.0.1:" + app.agentPort() + "/");
      Files.writeString(WORK.resolve("history-dom.html"), dom);
      Map<String, Object> after = alcohol(app);
      Map<Long, Map<String, Object>> byTime = new HashMap<>();
      for (Map<String, Object> point : points(after)) {
        byTime.put(time(point), point);
      }
      for (int i = 0; i < pointTimes.size(); i++) {
        assertEquals(psis.get(i), byTime.get(pointTimes.get(i)).get("value"), "point " + i);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> history = (Map<String, Object>) after.get("history");
      assertEquals("psi", history.get("statistic"));
      assertEquals(0.25, history.get("threshold"));
      assertEquals(60.0, history.get("capacity"));

      // the page draws the same points: values and times, a gap where a window was pending
      String row = PageJson.row(dom, "feature", "alcohol");
      Matcher spark =
          Pattern.compile(
                  "<svg class=\"spark\"[^>]* data-statistic=\"psi\" data-threshold=\"0.25\""
                      + " data-values=\"([^\"]*)\" data-times=\"([^\"]*)\">")
              .matcher(row);
      assertTrue(spark.find(), row);
      String[] values = spark.group(1).split(" ");
      String[] times = spark.group(2).split(" ");
      assertEquals(values.length, times.length);
      int drifts = 0;
      int matched = 0;
      for (int i = 0; i < times.length; i++) {
        Map<String, Object> point = byTime.get(Long.parseLong(times[i]));
        assertTrue(point != null, "the page's point at " + times[i] + " is in /api/models");
        Object value = point.get("value");
        if (values[i].equals("-")) {
          assertEquals(null, value, "a gap at " + times[i]);
        } else {
          assertEquals(Double.parseDouble(values[i]), (Double) value, "value at " + times[i]);
        }
        drifts += "drift".equals(point.get("status")) ? 1 : 0;
        matched += pointTimes.contains(Long.parseLong(times[i])) ? 1 : 0;
      }
      assertEquals(pointTimes.size(), matched, "the page shows the three points of the batches");
      assertEquals("-", values[values.length - 1], "the window is empty now");
      assertTrue(drifts >= 1, "drift points on the page");
      assertEquals(drifts, count(row, "<circle class=\"drift\""), "a red dot per drift point");
      assertTrue(row.contains("<line class=\"threshold\""), row);
      assertTrue(row.contains("<path class=\"line\" d=\"M"), row);
    }
  }

  private static TrafficGenerator.Options drifted(long seed) {
    return new TrafficGenerator.Options()
        .mode(TrafficMode.DATA_DRIFT)
        .driftFeatures(List.of("alcohol", "pH"))
        .shift(2.0)
        .rows(BATCH)
        .seed(seed);
  }

  private static Map<String, Object> alcohol(AgentedServer app) throws Exception {
    return PageJson.column(PageJson.onlyModel(PageJson.apiModels(app)), "feature", "alcohol");
  }

  /** Polls until alcohol's history has a point later than {@code after}; that point. */
  private static Map<String, Object> awaitPointAfter(AgentedServer app, long after)
      throws Exception {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (true) {
      for (Map<String, Object> point : points(alcohol(app))) {
        if (time(point) > after) {
          return point;
        }
      }
      assertTrue(System.currentTimeMillis() < deadline, "no evaluation after " + after);
      Thread.sleep(50);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> points(Map<String, Object> column) {
    Map<String, Object> history = (Map<String, Object>) column.get("history");
    return (List<Map<String, Object>>) (List<?>) history.get("points");
  }

  private static long time(Map<String, Object> point) {
    return ((Double) point.get("time")).longValue();
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }
}
