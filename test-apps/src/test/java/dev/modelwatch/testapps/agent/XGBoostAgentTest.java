package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.xgboost.XGBoostScoring;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code library: xgboost} with the real shaded agent on a batch job that trains, saves, loads and
 * scores real XGBoost4J boosters ({@link XGBoostScoring}), once with XGBoost4J 3.4.0 (this module's
 * class path) and once with 1.6.2 as Tribuo 4.3.2 brings it (the jars copied to {@code
 * target/xgboost16-libs}). Every count is exact: calls (predict, its margin and tree-limit
 * overloads, inplace_predict; not predictLeaf, predictContrib, evalSet or training), rows, each
 * feature's values, missing values (NaN, a sentinel missing value, the dense constructor's default,
 * absent sparse entries), the sum of the values read, output values and classes.
 */
class XGBoostAgentTest {
  private static final Pattern VERSION = Pattern.compile("(?m)^VERSION (\\S+)$");
  private static final Pattern CALLS =
      Pattern.compile("(?m)^CALLS model=(\\S+) calls=(\\d+) rows=(\\d+)$");
  private static final Pattern FEATURE =
      Pattern.compile(
          "(?m)^FEATURE model=(\\S+) column=(\\d+) present=(\\d+) missing=(\\d+) sum=(\\S+)$");
  private static final Pattern OUTPUT =
      Pattern.compile(
          "(?m)^OUTPUT model=(\\S+) count=(\\d+) sum=(\\S+)"
              + " confidence=(\\S+) class0=(\\d+) class1=(\\d+) class2=(\\d+)$");
  private static final Pattern SCORED = Pattern.compile("(?m)^SCORED$");

  private static final String SCORING_CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: reg",
          "    intercept: {library: xgboost, model_path: \"*/regression.json\"}",
          "    features:",
          "      - {name: f0, index: 0}",
          "      - {name: f1, index: 1}",
          "      - {name: f3, index: 3}",
          "    outputs:",
          "      - {name: y, kind: regression}",
          "  - name: binary",
          "    intercept: {library: xgboost, model_path: \"*/binary.json\"}",
          "    features:",
          "      - {name: f0}                 # index 0: its position",
          "      - {name: f2, index: 2}",
          "    outputs:",
          "      - {name: p, kind: regression}",
          "      - {name: label, kind: classification, key: \"no,yes\"}",
          "  - name: multi",
          "    intercept: {library: xgboost, model_path: \"/**/multi.json\"}",
          "    features:",
          "      - {name: f1, index: 1}",
          "      - {name: f2, index: 2}",
          "    outputs:",
          "      - {name: class, kind: classification}",
          "");

  @ParameterizedTest(name = "XGBoost4J {0}")
  @ValueSource(strings = {"3.4.0", "1.6.2"})
  void everyPredictionOnADMatrixOrInPlaceCountsOnceWithExactFeaturesAndOutputs(String version)
      throws Exception {
    Run run = run(version, SCORING_CONFIG, "score");
    Scrape scrape = run.scrape;

    Map<String, long[]> calls = calls(run.stdout);
    assertEquals(List.of("reg", "binary", "multi"), List.copyOf(calls.keySet()), run.stdout);
    // what the job made: 5 + 2 + 1 dense, 4 CSR, a margin and a tree-limit call, and with 3.x 3
    // inplace_predict
    // and a CSR with its own missing value
    assertEquals(version.startsWith("3.") ? 18 : 14, calls.get("reg")[0], run.stdout);
    for (Map.Entry<String, long[]> model : calls.entrySet()) {
      String m = model.getKey();
      assertEquals(model.getValue()[0], scrape.value("model_predictions_total", "model", m), m);
      assertEquals(model.getValue()[0], scrape.value("model_batch_rows_count", "model", m), m);
      assertEquals(model.getValue()[1], scrape.value("model_batch_rows_sum", "model", m), m);
    }

    Map<String, String[]> features = features(run.stdout);
    assertFeature(scrape, features, "reg", "f0", 0);
    assertFeature(scrape, features, "reg", "f1", 1);
    assertFeature(scrape, features, "reg", "f3", 3);
    assertFeature(scrape, features, "binary", "f0", 0);
    assertFeature(scrape, features, "binary", "f2", 2);
    assertFeature(scrape, features, "multi", "f1", 1);
    assertFeature(scrape, features, "multi", "f2", 2);

    Map<String, String[]> outputs = outputs(run.stdout);
    String[] reg = outputs.get("reg");
    assertEquals(
        Long.parseLong(reg[1]),
        scrape.value("model_output_value_count", "model", "reg", "output", "y"));
    assertClose(
        Double.parseDouble(reg[2]),
        scrape.value("model_output_value_sum", "model", "reg", "output", "y"));

    String[] binary = outputs.get("binary");
    assertEquals(
        Long.parseLong(binary[1]),
        scrape.value("model_output_value_count", "model", "binary", "output", "p"));
    assertClose(
        Double.parseDouble(binary[2]),
        scrape.value("model_output_value_sum", "model", "binary", "output", "p"));
    assertEquals(Long.parseLong(binary[4]), classCount(scrape, "binary", "label", "no"));
    assertEquals(Long.parseLong(binary[5]), classCount(scrape, "binary", "label", "yes"));
    assertTrue(Long.parseLong(binary[4]) > 0 && Long.parseLong(binary[5]) > 0, run.stdout);
    assertClose(
        Double.parseDouble(binary[3]),
        scrape.value("model_output_value_sum", "model", "binary", "output", "label"));

    String[] multi = outputs.get("multi");
    for (int c = 0; c < 3; c++) {
      assertEquals(
          Long.parseLong(multi[4 + c]),
          classCount(scrape, "multi", "class", Integer.toString(c)),
          "class " + c);
    }
    assertClose(
        Double.parseDouble(multi[3]),
        scrape.value("model_output_value_sum", "model", "multi", "output", "class"));

    assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"), run.stderr);
    assertUnmatched(scrape, 0);
    assertFalse(scrape.text().contains("model_prediction_errors_total{"), scrape.text());
  }

  @ParameterizedTest(name = "XGBoost4J {0}")
  @ValueSource(strings = {"3.4.0", "1.6.2"})
  void withoutFeaturesEveryColumnOfTheBoosterIsRecordedAsFk(String version) throws Exception {
    String config =
        String.join(
            "\n",
            "models:",
            "  - name: reg",
            "    intercept: {library: xgboost, model_path: \"*/regression.json\"}",
            "    outputs: [{name: y, kind: regression}]",
            "");
    Run run = run(version, config, "score");
    Map<String, String[]> features = features(run.stdout);
    for (int column = 0; column < XGBoostScoring.COLUMNS; column++) {
      assertTrue(features.containsKey("reg/" + column), run.stdout);
      assertFeature(run.scrape, features, "reg", "f" + column, column);
    }
    assertFalse(
        run.scrape.has(
            "model_feature_value_count", "model", "reg", "feature", "f" + XGBoostScoring.COLUMNS));
    assertEquals(
        0, run.scrape.value("modelwatch_agent_errors_total", "stage", "extract"), run.stderr);
    assertTrue(
        run.stderr.contains("model 'reg': discovered 4 input feature(s) from the booster"),
        run.stderr);
  }

  @ParameterizedTest(name = "XGBoost4J {0}")
  @ValueSource(strings = {"3.4.0", "1.6.2"})
  void trainingEvaluationAndCrossValidationRecordNothing(String version) throws Exception {
    // a model without model_path takes every booster, the ones being trained too: only the job's
    // one
    // prediction after training may count
    String config =
        String.join(
            "\n",
            "models:",
            "  - name: any",
            "    intercept: {library: xgboost}",
            "    features: [{name: f0, index: 0}]",
            "    outputs: [{name: y, kind: regression}]",
            "");
    Run run = run(version, config, "train");
    assertTrue(run.stdout.contains("TRAINED"), run.stdout);
    Scrape scrape = run.scrape;
    assertEquals(1, scrape.value("model_predictions_total", "model", "any"), scrape.text());
    assertEquals(5, scrape.value("model_batch_rows_sum", "model", "any"));
    assertFeature(scrape, features(run.stdout), "any", "f0", 0);
    assertEquals(5, scrape.value("model_output_value_count", "model", "any", "output", "y"));
    assertClose(
        Double.parseDouble(outputs(run.stdout).get("any")[2]),
        scrape.value("model_output_value_sum", "model", "any", "output", "y"));
    assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"), run.stderr);
    assertUnmatched(scrape, 0);
  }

  @ParameterizedTest(name = "XGBoost4J {0}")
  @ValueSource(strings = {"3.4.0", "1.6.2"})
  void aMatrixXGBoostReadFromAFileCountsItsRowsWithItsFeaturesUnreadable(String version)
      throws Exception {
    String config =
        String.join(
            "\n",
            "models:",
            "  - name: any",
            "    intercept: {library: xgboost}",
            "    features: [{name: f0, index: 0}, {name: f2, index: 2}]",
            "    outputs: [{name: y, kind: regression}]",
            "");
    Run run = run(version, config, "file");
    Scrape scrape = run.scrape;
    // 6 rows from the file, then a slice of 2
    assertEquals(2, scrape.value("model_predictions_total", "model", "any"), scrape.text());
    assertEquals(8, scrape.value("model_batch_rows_sum", "model", "any"));
    for (String feature : List.of("f0", "f2")) {
      assertEquals(
          0, scrape.value("model_feature_value_count", "model", "any", "feature", feature));
      assertEquals(
          8, scrape.value("model_feature_missing_total", "model", "any", "feature", feature));
    }
    assertEquals(8, scrape.value("model_output_value_count", "model", "any", "output", "y"));
    assertClose(
        Double.parseDouble(outputs(run.stdout).get("any")[2]),
        scrape.value("model_output_value_sum", "model", "any", "output", "y"));
    assertEquals(2, scrape.value("modelwatch_agent_errors_total", "stage", "extract"), run.stderr);
    assertTrue(
        run.stderr.contains(
            "model 'any': feature 'f0' and the other 1 feature(s) cannot be read from"
                + " DMatrix(String dataPath), a file XGBoost read itself"),
        run.stderr);
  }

  /**
   * One run of the job with the agent; the scrape is taken after it printed SCORED, before it
   * returns.
   */
  private static Run run(String version, String config, String mode) throws Exception {
    Path file = AgentedServer.writeConfig(config);
    String classPath =
        version.startsWith("3.") ? ForkedServer.classPath(ForkedServer.moduleDir()) : xgboost16();
    try (ForkedServer app =
        ForkedServer.start(
            ForkedServer.javaExecutable(),
            classPath,
            XGBoostScoring.class.getName(),
            List.of(AgentJar.javaagent("config=" + file + ",port=0")),
            List.of(mode),
            Map.of(),
            false)) {
      await(app, SCORED);
      Matcher v = VERSION.matcher(app.stdout());
      assertTrue(v.find(), app.stdout());
      assertEquals(version, v.group(1), "the XGBoost4J version on the job's class path");
      int port = Integer.parseInt(app.awaitStderr(AgentedServer.SERVING, Duration.ofSeconds(30)));
      Scrape scrape = Scrape.of(port);
      app.process().getOutputStream().close();
      assertTrue(app.process().waitFor(60, TimeUnit.SECONDS), "the job returned");
      assertEquals(0, app.process().exitValue(), app.stderr());
      return new Run(app.stdout(), app.stderr(), scrape);
    }
  }

  /** {@code target/classes} and the XGBoost4J 1.6.2 jars, without this module's XGBoost4J 3.x. */
  private static String xgboost16() throws IOException {
    Path module = ForkedServer.moduleDir();
    Path libs = module.resolve("target/xgboost16-libs");
    assertTrue(
        Files.isDirectory(libs), libs + " is made by this module's pom (generate-test-resources)");
    try (Stream<Path> jars = Files.list(libs)) {
      return module.resolve("target/classes")
          + File.pathSeparator
          + jars.filter(p -> p.toString().endsWith(".jar"))
              .sorted()
              .map(Path::toString)
              .collect(Collectors.joining(File.pathSeparator));
    }
  }

  private static void await(ForkedServer app, Pattern line) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      if (line.matcher(app.stdout()).find()) {
        return;
      }
      if (!app.process().isAlive()) {
        throw new AssertionError(
            "the job exited with "
                + app.process().exitValue()
                + " before printing /"
                + line
                + "/\n"
                + app.stdout()
                + "\n"
                + app.stderr());
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "no /" + line + "/ line within 3 minutes\n" + app.stdout() + "\n" + app.stderr());
  }

  private static void assertFeature(
      Scrape scrape, Map<String, String[]> features, String model, String feature, int column) {
    String[] expected = features.get(model + "/" + column);
    String what = model + " " + feature + " (column " + column + ")";
    assertEquals(
        Long.parseLong(expected[0]),
        scrape.value("model_feature_value_count", "model", model, "feature", feature),
        what + " values");
    assertEquals(
        Long.parseLong(expected[1]),
        scrape.value("model_feature_missing_total", "model", model, "feature", feature),
        what + " missing");
    assertClose(
        Double.parseDouble(expected[2]),
        scrape.value("model_feature_value_sum", "model", model, "feature", feature));
  }

  private static long classCount(Scrape scrape, String model, String output, String label) {
    String[] labels = {"model", model, "output", output, "class", label};
    return scrape.has("model_output_class_total", labels)
        ? (long) scrape.value("model_output_class_total", labels)
        : 0;
  }

  private static void assertUnmatched(Scrape scrape, long expected) {
    if (scrape.has("modelwatch_agent_unmatched_calls_total", "library", "xgboost")) {
      assertEquals(
          expected, scrape.value("modelwatch_agent_unmatched_calls_total", "library", "xgboost"));
    } else {
      assertEquals(0, expected, "no unmatched series for xgboost:\n" + scrape.text());
    }
  }

  /** Sums of float values added as doubles, in another order: equal within float rounding. */
  private static void assertClose(double expected, double actual) {
    assertEquals(expected, actual, 1e-6 * Math.max(1, Math.abs(expected)), "expected " + expected);
  }

  private static Map<String, long[]> calls(String stdout) {
    Map<String, long[]> calls = new java.util.LinkedHashMap<>();
    for (Matcher m = CALLS.matcher(stdout); m.find(); ) {
      calls.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
    }
    return calls;
  }

  /** model/column to {present, missing, sum}. */
  private static Map<String, String[]> features(String stdout) {
    Map<String, String[]> features = new HashMap<>();
    for (Matcher m = FEATURE.matcher(stdout); m.find(); ) {
      features.put(
          m.group(1) + "/" + m.group(2), new String[] {m.group(3), m.group(4), m.group(5)});
    }
    return features;
  }

  /** model to {model, count, sum, confidence, class0, class1, class2}. */
  private static Map<String, String[]> outputs(String stdout) {
    Map<String, String[]> outputs = new HashMap<>();
    for (Matcher m = OUTPUT.matcher(stdout); m.find(); ) {
      outputs.put(
          m.group(1),
          new String[] {
            m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(7)
          });
    }
    return outputs;
  }

  private static final class Run {
    final String stdout;
    final String stderr;
    final Scrape scrape;

    Run(String stdout, String stderr, Scrape scrape) {
      this.stdout = stdout;
      this.stderr = stderr;
      this.scrape = scrape;
    }
  }
}
