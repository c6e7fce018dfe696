package dev.modelwatch.testapps.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.agent.AgentJar;
import dev.modelwatch.testapps.agent.AgentedServer;
import dev.modelwatch.testapps.agent.Http;
import dev.modelwatch.testapps.agent.Scrape;
import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.plain.ScoredTrainingData;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The agent's page in a real browser: the demo's config and a baseline made by the agent jar's
 * {@code baseline} command from the scored training data, the plain model server with the agent,
 * data drift on alcohol and pH, then headless Chromium loads {@code /}. The DOM must show exactly
 * the drifted features as drifted, worst first; {@code /api/models} must be JSON with the same
 * statuses, the same statistics as {@code /metrics}, and live shares per bin equal to the rows the
 * test sent, binned by the test on the baseline's edges.
 */
class PageBrowserTest {
  static final List<String> DRIFTED = List.of("alcohol", "pH");
  static final int ROWS = 3000;
  static final Path WORK = ForkedServer.moduleDir().resolve("target").resolve("page");

  @Test
  void pageShowsTheDriftedFeaturesAsDriftedInABrowser() throws Exception {
    Chromium chromium = Chromium.find(WORK.resolve("chromium"));
    Path baseline = buildBaseline();
    String yaml =
        Files.readString(
                ForkedServer.moduleDir()
                    .resolveSibling("deploy")
                    .resolve("demo")
                    .resolve("modelwatch.yaml"))
            .replace("baseline: wine-baseline.yaml", "baseline: " + baseline);
    try (AgentedServer app =
        AgentedServer.start(
            "dev.modelwatch.testapps.plain.PlainModelServer",
            yaml,
            List.of("--port", "0", "--threads", "4"))) {
      // before any traffic: every compared column waits for min_samples
      Map<String, Object> before = onlyModel(apiModels(app));
      assertEquals(0.0, before.get("calls"));
      for (Map<String, Object> column : columns(before)) {
        assertEquals("pending", column.get("status"), column.toString());
      }

      TrafficResult result =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .mode(TrafficMode.DATA_DRIFT)
                  .driftFeatures(DRIFTED)
                  .shift(2.0)
                  .rows(ROWS)
                  .seed(11)
                  .threads(4)
                  .batch(25)
                  .recordExchanges(true));
      assertEquals(result.requestsSent(), result.ok(), "every request answered 200");

      String url = "http://127.0.0.1:" + app.agentPort() + "/";
      String dom = chromium.dumpDom(url);
      Files.writeString(WORK.resolve("drift-page-dom.html"), dom);
      Map<String, String> features = statuses(dom, "feature");
      assertEquals(
          new TreeSet<>(WineData.FEATURE_NAMES),
          new TreeSet<>(features.keySet()),
          "every configured feature has a row");
      for (String feature : WineData.FEATURE_NAMES) {
        if (DRIFTED.contains(feature)) {
          assertEquals("drift", features.get(feature), feature + " in the page");
        } else {
          // no other feature moved: the verdict needs a rejecting test and a large effect, so they
          // are ok
          assertEquals("ok", features.get(feature), feature + " in the page");
        }
      }
      // the output follows alcohol: drift; no red value in any ok row
      assertEquals(
          Map.of(ScoredTrainingData.OUTPUT, "drift"), statuses(dom, "output"), "the output");
      for (String feature : WineData.FEATURE_NAMES) {
        if (!DRIFTED.contains(feature)) {
          String row = row(dom, "feature", feature);
          assertTrue(
              !row.contains("class=\"stat drift\"")
                  && !row.contains("class=\"stat warning\"")
                  && !row.contains("pvalue significant"),
              feature + " shows a red value: " + row);
        }
      }
      // worst first: the two drifted features lead the feature rows
      List<String> order = new ArrayList<>(features.keySet());
      assertEquals(
          new TreeSet<>(DRIFTED), new TreeSet<>(order.subList(0, 2)), "rows in order " + order);
      // each numeric feature's chart has one group per baseline bin (10 quantile bins)
      assertEquals(10, count(row(dom, "feature", "alcohol"), "<g data-bin="));
      assertEquals(3, count(row(dom, "feature", "color"), "<g data-bin="));
      checkAxes(dom, baseline);
      assertTrue(
          dom.contains("<meta http-equiv=\"refresh\" content=\"5\">"), "the page reloads itself");
      assertTrue(
          !dom.contains("<script") && !dom.contains("src=\"http") && !dom.contains("href=\"http"),
          "nothing loaded from elsewhere");

      Path png = WORK.resolve("drift-page.png");
      chromium.screenshot(url, png, 1280, 1600);
      byte[] bytes = Files.readAllBytes(png);
      assertTrue(
          bytes.length > 10_000 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G',
          "a PNG of the page");

      checkJson(app, features, result, baseline);
    }
  }

  private void checkJson(
      AgentedServer app, Map<String, String> domStatuses, TrafficResult result, Path baselineFile)
      throws Exception {
    Map<String, Object> model = onlyModel(apiModels(app));
    assertEquals("wine", model.get("name"));
    assertEquals((double) ROWS, model.get("calls"));
    assertEquals(0.0, model.get("errors"));
    assertEquals(0.0, model.get("errorRate"));
    @SuppressWarnings("unchecked")
    Map<String, Object> drift = (Map<String, Object>) model.get("drift");
    assertEquals((double) ROWS, drift.get("windowSamples"));
    assertEquals(60.0, drift.get("windowSeconds"));
    assertEquals(6.0, drift.get("slices"));

    Scrape scrape = app.scrape();
    Map<String, Object> baseline = new Yaml().load(Files.readString(baselineFile));
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> baselineFeatures =
        (Map<String, Map<String, Object>>) baseline.get("features");
    double[] alcohol = sentFeature(result, WineData.ALCOHOL_INDEX);
    for (Map<String, Object> column : columns(model)) {
      String name = (String) column.get("name");
      if ("output".equals(column.get("role"))) {
        assertEquals(ScoredTrainingData.OUTPUT, name);
        continue;
      }
      assertEquals(domStatuses.get(name), column.get("status"), name);
      assertEquals((double) ROWS, column.get("windowSamples"), name);
      assertEquals(0.0, column.get("missingRate"), name);
      @SuppressWarnings("unchecked")
      Map<String, Double> statistics = (Map<String, Double>) column.get("statistics");
      String statistic = "color".equals(name) ? "chi2" : "psi";
      assertEquals(
          scrape.value(
              "model_feature_drift", "model", "wine", "feature", name, "statistic", statistic),
          statistics.get(statistic),
          1e-12,
          name);
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> bins = (List<Map<String, Object>>) column.get("bins");
      if (!"color".equals(name)) {
        @SuppressWarnings("unchecked")
        List<Double> shares = (List<Double>) baselineFeatures.get(name).get("shares");
        assertEquals(shares.size(), bins.size(), name);
        for (int i = 0; i < shares.size(); i++) {
          assertEquals(
              shares.get(i), (Double) bins.get(i).get("baseline"), 1e-12, name + " bin " + i);
        }
      }
      if ("alcohol".equals(name)) {
        @SuppressWarnings("unchecked")
        List<Double> edges = (List<Double>) baselineFeatures.get(name).get("edges");
        long[] counts = new long[edges.size() + 1];
        for (double v : alcohol) {
          int b = 0;
          while (b < edges.size() && v > edges.get(b)) {
            b++;
          }
          counts[b]++;
        }
        assertEquals(edges, column.get("edges"), "alcohol's edges in /api/models");
        for (int i = 0; i < counts.length; i++) {
          assertEquals((double) counts[i], bins.get(i).get("count"), "alcohol bin " + i);
          assertEquals(
              (double) counts[i] / ROWS,
              (Double) bins.get(i).get("live"),
              1e-12,
              "alcohol bin " + i);
        }
      }
    }
  }

  /**
   * The charts' axes: each numeric chart labels edges of its baseline, the first and the last among
   * them, left to right; the colour chart names the baseline's categories.
   */
  @SuppressWarnings("unchecked")
  private static void checkAxes(String dom, Path baselineFile) throws Exception {
    Map<String, Object> baseline = new Yaml().load(Files.readString(baselineFile));
    Map<String, Map<String, Object>> features =
        (Map<String, Map<String, Object>>) baseline.get("features");
    for (String feature : WineData.FEATURE_NAMES) {
      Map<String, Object> d = features.get(feature);
      String row = row(dom, "feature", feature);
      if ("color".equals(feature)) {
        assertEquals(
            new ArrayList<>(((Map<Object, Object>) d.get("categories")).keySet()).toString(),
            PageJson.axisCategories(row).toString(),
            "colour categories on the axis");
        continue;
      }
      List<Double> edges = (List<Double>) d.get("edges");
      List<Double> shown = PageJson.axisEdges(row);
      assertEquals(edges.get(0), shown.get(0), feature + " first edge");
      assertEquals(edges.get(edges.size() - 1), shown.get(shown.size() - 1), feature + " last");
      int at = -1;
      for (double edge : shown) {
        int index = edges.indexOf(edge);
        assertTrue(index > at, edge + " is an edge of " + feature + " after the one before");
        at = index;
      }
      // 10 bins on 260 px: room for at least every other edge
      assertTrue(shown.size() >= 5, feature + " shows " + shown);
    }
  }

  /** Scored training data and its baseline, by the agent jar's own {@code baseline} command. */
  private static Path buildBaseline() throws Exception {
    Files.createDirectories(WORK);
    Path csv = WORK.resolve("wine-train.csv");
    ScoredTrainingData.write(csv, 20_000, 42);
    Path config = WORK.resolve("modelwatch.yaml");
    Files.copy(
        ForkedServer.moduleDir()
            .resolveSibling("deploy")
            .resolve("demo")
            .resolve("modelwatch.yaml"),
        config,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Path baseline = WORK.resolve("wine-baseline.yaml");
    Process process =
        new ProcessBuilder(
                ForkedServer.javaExecutable(),
                "-jar",
                AgentJar.path().toString(),
                "baseline",
                "--data",
                csv.toString(),
                "--config",
                config.toString(),
                "--model",
                "wine",
                "--out",
                baseline.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("Wrote " + baseline + " for model wine:"), output);
    return baseline;
  }

  private static Map<String, Object> apiModels(AgentedServer app) throws Exception {
    HttpResponse<String> response = Http.get(app.agentPort(), "/api/models", Map.of());
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(
        response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) Json.parse(response.body());
    return json;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> onlyModel(Map<String, Object> json) {
    List<Object> models = (List<Object>) json.get("models");
    assertEquals(1, models.size(), json.toString());
    return (Map<String, Object>) models.get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> columns(Map<String, Object> model) {
    return (List<Map<String, Object>>) (List<?>) model.get("columns");
  }

  /** name to data-status of the page's rows for features or outputs, in document order. */
  static Map<String, String> statuses(String dom, String role) {
    Map<String, String> statuses = new LinkedHashMap<>();
    Matcher m =
        Pattern.compile(
                "<tr data-model=\"wine\" data-" + role + "=\"([^\"]+)\" data-status=\"([^\"]+)\"")
            .matcher(dom);
    while (m.find()) {
      statuses.put(m.group(1), m.group(2));
    }
    return statuses;
  }

  private static String row(String dom, String role, String name) {
    int start = dom.indexOf("data-" + role + "=\"" + name + "\"");
    assertTrue(start >= 0, name + " has no row");
    return dom.substring(start, dom.indexOf("</tr>", start));
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** One feature of every row sent, as the agent saw it (the wire's float). */
  private static double[] sentFeature(TrafficResult result, int index) {
    List<Double> values = new ArrayList<>();
    for (TrafficResult.Exchange exchange : result.exchanges()) {
      for (String line : exchange.body.split("\n")) {
        if (!line.isBlank()) {
          values.add((double) Float.parseFloat(line.split(",", -1)[index]));
        }
      }
    }
    assertEquals(ROWS, values.size());
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
