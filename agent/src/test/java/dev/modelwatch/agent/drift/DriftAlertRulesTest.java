package dev.modelwatch.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.modelwatch.agent.drift.DriftVerdict.Status;
import dev.modelwatch.config.DriftConfig;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The shipped drift alerts ({@code alerts/modelwatch-alerts.rules.yml}) state the rule of {@link
 * DriftVerdict}.
 *
 * <ul>
 *   <li>Every number written in a drift alert's expression is one of the agent's defaults ({@link
 *       DriftConfig#DEFAULT_THRESHOLDS}, {@link DriftConfig#DEFAULT_MIN_SAMPLES}), read from the
 *       class: the thresholds themselves come from the agent's {@code model_drift_threshold}
 *       series.
 *   <li>{@code promtool check rules} accepts the file.
 *   <li>The alerts' expressions, read from the file, are evaluated by {@code promtool test rules}
 *       on a grid of columns around every threshold (effect sizes at half their warning threshold,
 *       at it, just below and at their drift threshold; p-values at and just below the p-value
 *       threshold; numeric and categorical columns, features and outputs), with the default
 *       thresholds as the agent exports them. Each alert must return exactly the columns and
 *       statistics the verdict says: {@code ModelFeatureDriftCritical} and {@code
 *       ModelPredictionDrift} the effect sizes at their drift threshold of every column whose
 *       verdict is drift, {@code ModelFeatureDriftWarning} those at their warning threshold of
 *       every column whose verdict is warning or drift.
 * </ul>
 *
 * promtool comes with Prometheus ({@code apt-get install -y prometheus}); without it the test fails
 * saying so.
 */
class DriftAlertRulesTest {
  static final Path ROOT = Paths.get("").toAbsolutePath().getParent();
  static final Path RULES = ROOT.resolve("alerts").resolve("modelwatch-alerts.rules.yml");
  static final Map<String, Double> T = DriftConfig.DEFAULT_THRESHOLDS;
  static final List<String> VERDICT_ALERTS =
      List.of("ModelFeatureDriftCritical", "ModelFeatureDriftWarning", "ModelPredictionDrift");

  @Test
  void everyNumberInTheDriftAlertsIsADefaultOfTheAgent() throws IOException {
    List<Double> defaults = new ArrayList<>(T.values());
    defaults.add((double) DriftConfig.DEFAULT_MIN_SAMPLES);
    Map<String, String> alerts = driftAlerts();
    assertTrue(alerts.keySet().containsAll(VERDICT_ALERTS), alerts.keySet().toString());
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> alert : alerts.entrySet()) {
      // label values, regular expressions and durations hold no thresholds
      String expression =
          alert.getValue().replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\[[^\\]]*\\]", "[]");
      Matcher number =
          Pattern.compile("(?<![\\w.])\\d+(\\.\\d+)?([eE][-+]?\\d+)?(?![\\w.])")
              .matcher(expression);
      int numbers = 0;
      while (number.find()) {
        numbers++;
        if (!defaults.contains(Double.parseDouble(number.group()))) {
          problems.add(
              alert.getKey()
                  + ": "
                  + number.group()
                  + " is none of the agent's defaults "
                  + defaults);
        }
      }
      if (VERDICT_ALERTS.contains(alert.getKey())) {
        assertEquals(
            1, numbers, alert.getKey() + ": only min_samples is written out:\n" + alert.getValue());
        String pvalue =
            "< on (job, instance, model) group_left () model_drift_threshold{statistic=\"pvalue\"}";
        assertTrue(
            alert.getValue().replaceAll("\\s+", " ").contains(pvalue),
            alert.getKey() + " compares the test's p-value:\n" + alert.getValue());
      }
    }
    // the fleet alert requires the fleet's own KS test too
    String fleet =
        "and on (namespace, job, model, feature) model_feature:model_feature_value:ks_pvalue_fleet_1h"
            + " < on (namespace, job, model) group_left () max by (namespace, job, model)"
            + " (model_drift_threshold{statistic=\"pvalue\"})";
    assertTrue(
        alerts.get("ModelFeatureDriftFleet").replaceAll("\\s+", " ").contains(fleet),
        alerts.get("ModelFeatureDriftFleet"));
    assertEquals(List.of(), problems);
  }

  @Test
  void promtoolAcceptsTheRules() throws Exception {
    String output = promtool(RULES.getParent(), "check", "rules", RULES.getFileName().toString());
    assertTrue(output.contains("SUCCESS"), output);
  }

  @Test
  void theAlertsFireExactlyForTheVerdictsOfTheAgent() throws Exception {
    Map<String, String> alerts = driftAlerts();
    List<Map<String, Object>> series = new ArrayList<>();
    for (Map.Entry<String, Double> threshold : T.entrySet()) {
      series.add(
          series(
              "model_drift_threshold",
              Map.of("statistic", threshold.getKey()),
              threshold.getValue()));
    }
    series.add(series("model_drift_window_samples", Map.of(), DriftConfig.DEFAULT_MIN_SAMPLES));
    List<Column> columns = grid();
    Map<String, List<Map<String, Object>>> expected = new LinkedHashMap<>();
    VERDICT_ALERTS.forEach(a -> expected.put(a, new ArrayList<>()));
    int[] verdicts = new int[3];
    for (Column column : columns) {
      String role = column.output ? "output" : "feature";
      for (Map.Entry<String, Double> s : column.statistics.entrySet()) {
        series.add(
            series(
                "model_" + role + "_drift",
                Map.of(role, column.name, "statistic", s.getKey()),
                s.getValue()));
      }
      for (Map.Entry<String, Double> p : column.pvalues.entrySet()) {
        series.add(
            series(
                "model_" + role + "_drift_pvalue",
                Map.of(role, column.name, "statistic", p.getKey()),
                p.getValue()));
      }
      DriftVerdict verdict =
          DriftVerdict.of(column.categorical, column.statistics, column.pvalues, T);
      verdicts[verdict.status().ordinal()]++;
      for (Map.Entry<String, Status> effect : verdict.effects().entrySet()) {
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put(
            "labels",
            "{job=\"model-server\", model=\"wine\", "
                + role
                + "=\""
                + column.name
                + "\", statistic=\""
                + effect.getKey()
                + "\"}");
        sample.put("value", column.statistics.get(effect.getKey()));
        if (verdict.status() == Status.DRIFT && effect.getValue() == Status.DRIFT) {
          expected
              .get(column.output ? "ModelPredictionDrift" : "ModelFeatureDriftCritical")
              .add(sample);
        }
        if (!column.output && verdict.status() != Status.OK && effect.getValue() != Status.OK) {
          expected.get("ModelFeatureDriftWarning").add(sample);
        }
      }
    }
    // the grid has every verdict, so that each alert is seen both firing and silent
    assertTrue(
        verdicts[0] > 20 && verdicts[1] > 20 && verdicts[2] > 20,
        "drift, warning, ok: " + java.util.Arrays.toString(verdicts));
    List<Map<String, Object>> checks = new ArrayList<>();
    for (String alert : VERDICT_ALERTS) {
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("expr", alerts.get(alert));
      check.put("eval_time", "2m");
      check.put("exp_samples", expected.get(alert));
      checks.add(check);
    }
    Map<String, Object> test = new LinkedHashMap<>();
    test.put("interval", "1m");
    test.put("input_series", series);
    test.put("promql_expr_test", checks);
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("rule_files", List.of(RULES.toString()));
    file.put("evaluation_interval", "1m");
    file.put("tests", List.of(test));
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setWidth(200);
    Path dir = Files.createDirectories(Paths.get("target", "drift-alert-rules"));
    Path testFile = dir.resolve("verdict-grid.test.yml");
    Files.writeString(testFile, new Yaml(options).dump(file), StandardCharsets.UTF_8);
    String output = promtool(dir, "test", "rules", testFile.getFileName().toString());
    assertTrue(output.contains("SUCCESS"), output);
  }

  /** One column's statistics and p-values. */
  static final class Column {
    final String name;
    final boolean output;
    final boolean categorical;
    final Map<String, Double> statistics = new LinkedHashMap<>();
    final Map<String, Double> pvalues = new LinkedHashMap<>();

    Column(String name, boolean output, boolean categorical) {
      this.name = name;
      this.output = output;
      this.categorical = categorical;
    }
  }

  /**
   * Levels of an effect size: half its warning threshold, at it, just below its drift threshold, at
   * it.
   */
  private static double[] levels(String effect) {
    double warning = T.get(effect + DriftConfig.WARNING_SUFFIX);
    double drift = T.get(effect);
    return new double[] {warning / 2, warning, Math.nextDown(drift), drift};
  }

  private static List<Column> grid() {
    double pvalue = T.get("pvalue");
    double[] pvalues = {Math.nextDown(pvalue), pvalue};
    List<Column> columns = new ArrayList<>();
    int i = 0;
    for (boolean output : new boolean[] {false, true}) {
      for (double p : pvalues) {
        for (double psi : levels("psi")) {
          for (double ks : levels("ks")) {
            for (double js : levels("js")) {
              Column c = new Column("n" + i++, output, false);
              c.statistics.put("psi", psi);
              c.statistics.put("ks", ks);
              c.statistics.put("js", js);
              c.pvalues.put("ks", p);
              columns.add(c);
            }
          }
          for (double v : levels("cramers_v")) {
            Column c = new Column("c" + i++, output, true);
            c.statistics.put("chi2", 12.5);
            c.statistics.put("cramers_v", v);
            c.statistics.put("psi", psi);
            c.pvalues.put("chi2", p);
            columns.add(c);
          }
        }
        // numeric with chi2 listed too: KS decides, whatever chi2 says
        for (double chi2p : pvalues) {
          Column c = new Column("n" + i++, output, false);
          c.statistics.put("psi", T.get("psi"));
          c.statistics.put("ks", T.get("ks"));
          c.statistics.put("chi2", 30.0);
          c.pvalues.put("ks", p);
          c.pvalues.put("chi2", chi2p);
          columns.add(c);
        }
        // numeric with only chi2 as its test
        Column c = new Column("n" + i++, output, false);
        c.statistics.put("psi", T.get("psi"));
        c.statistics.put("chi2", 30.0);
        c.pvalues.put("chi2", p);
        columns.add(c);
      }
    }
    return columns;
  }

  private static Map<String, Object> series(String name, Map<String, String> labels, double value) {
    StringBuilder text =
        new StringBuilder(name).append("{job=\"model-server\",instance=\"a:9464\",model=\"wine\"");
    for (Map.Entry<String, String> label : new java.util.TreeMap<>(labels).entrySet()) {
      text.append(',').append(label.getKey()).append("=\"").append(label.getValue()).append('"');
    }
    Map<String, Object> series = new LinkedHashMap<>();
    series.put("series", text.append('}').toString());
    String v = Double.toString(value);
    series.put("values", v + " " + v + " " + v);
    return series;
  }

  /**
   * Alert name to expression of the rule group {@code modelwatch-drift-alerts}, parsed by
   * SnakeYAML.
   */
  @SuppressWarnings("unchecked")
  static Map<String, String> driftAlerts() throws IOException {
    Map<String, Object> document = new Yaml().load(Files.readString(RULES, StandardCharsets.UTF_8));
    Map<String, String> alerts = new LinkedHashMap<>();
    for (Object group : (List<Object>) document.get("groups")) {
      Map<String, Object> g = (Map<String, Object>) group;
      if ("modelwatch-drift-alerts".equals(g.get("name"))) {
        for (Object rule : (List<Object>) g.get("rules")) {
          Map<String, Object> r = (Map<String, Object>) rule;
          alerts.put((String) r.get("alert"), ((String) r.get("expr")).trim());
        }
      }
    }
    assertTrue(!alerts.isEmpty(), "no group modelwatch-drift-alerts in " + RULES);
    return alerts;
  }

  /** Runs promtool in {@code dir}; its output, or a failure naming the exit code. */
  static String promtool(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(promtoolPath());
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "promtool did not finish");
    if (process.exitValue() != 0) {
      fail(String.join(" ", command) + " exited with " + process.exitValue() + ":\n" + output);
    }
    return output;
  }

  private static String promtoolPath() {
    String configured = System.getenv("PROMTOOL");
    if (configured != null && !configured.isEmpty()) {
      return configured;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, "promtool"))) {
        return Paths.get(dir, "promtool").toString();
      }
    }
    return fail(
        "promtool is not installed: apt-get install -y prometheus (Debian/Ubuntu), or set PROMTOOL to its"
            + " path");
  }
}
