package dev.modelwatch.config.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineFileTest {

  private static final String VALID =
      String.join(
          "\n",
          "format: modelwatch-baseline/v1",
          "model: wine",
          "created_at: \"2026-11-21T21:30:00Z\"",
          "source: train.csv",
          "rows: 10",
          "features:",
          "  alcohol:",
          "    type: numeric",
          "    count: 9",
          "    missing_share: 0.1",
          "    min: 8.0",
          "    max: 14.0",
          "    mean: 10.5",
          "    stddev: 1.25",
          "    edges: [9.0, 10.0, 12.0]",
          "    shares: [0.25, 0.25, 0.25, 0.25]",
          "  color:",
          "    type: categorical",
          "    count: 10",
          "    missing_share: 0.0",
          "    categories:",
          "      white: 0.7",
          "      red: 0.3",
          "      __other__: 0.0",
          "outputs:",
          "  quality:",
          "    type: numeric",
          "    count: 10",
          "    min: 3",
          "    max: 8",
          "    mean: 5.5",
          "    stddev: 1.0",
          "    edges: [5, 6]",
          "    shares: [0.5, 0.3, 0.2]",
          "");

  @TempDir Path dir;

  @Test
  void readsAValidFile() throws Exception {
    BaselineProfile profile = BaselineFile.read(write(VALID));
    assertEquals(BaselineProfile.FORMAT_V1, profile.format());
    assertEquals("wine", profile.model());
    assertEquals(Instant.parse("2026-11-21T21:30:00Z"), profile.createdAt());
    assertEquals("train.csv", profile.source());
    assertEquals(10, profile.rows());
    NumericDistribution alcohol = profile.numericFeatures().get("alcohol");
    assertArrayEquals(new double[] {9.0, 10.0, 12.0}, alcohol.edges());
    assertArrayEquals(new double[] {0.25, 0.25, 0.25, 0.25}, alcohol.shares());
    assertArrayEquals(new double[] {0.25, 0.5, 0.75}, alcohol.cumulativeShares());
    assertEquals(8.0, alcohol.min());
    assertEquals(14.0, alcohol.max());
    assertEquals(10.5, alcohol.mean());
    assertEquals(1.25, alcohol.stddev());
    assertEquals(0.1, alcohol.missingShare());
    assertEquals(9, alcohol.count());
    CategoricalDistribution color = profile.categoricalFeatures().get("color");
    assertEquals(Arrays.asList("white", "red", "__other__"), color.categories());
    assertArrayEquals(new double[] {0.7, 0.3, 0.0}, color.shareArray());
    NumericDistribution quality = profile.numericOutputs().get("quality");
    assertArrayEquals(new double[] {5.0, 6.0}, quality.edges());
    assertEquals(0.0, quality.missingShare(), "missing_share defaults to 0");
    assertTrue(profile.categoricalOutputs().isEmpty());
  }

  @Test
  void writeThenReadGivesTheSameProfile() throws Exception {
    Map<String, Double> classes = new LinkedHashMap<>();
    classes.put("yes", 0.5);
    classes.put("1", 0.25);
    classes.put("with \"quotes\" and: colon", 0.125);
    classes.put("null", 0.125);
    classes.put(CategoricalDistribution.OTHER, 0.0);
    BaselineProfile profile =
        BaselineProfile.builder("wine quality/v2")
            .createdAt(Instant.parse("2026-11-21T21:30:00.123456789Z"))
            .source("/data/train.csv")
            .rows(1_234_567)
            .numericFeature(
                "fixed acidity",
                new NumericDistribution(
                    new double[] {-1e-300, 0.1, 1.0 / 3, 1e20},
                    new double[] {0.1, 0.2, 0.3, 0.4, 0.0},
                    -5e-300,
                    1e20,
                    0.2,
                    Math.PI,
                    1.0 / 7,
                    1_000_000))
            .numericFeature(
                "constant",
                new NumericDistribution(
                    new double[] {2.5}, new double[] {1.0, 0.0}, 2.5, 2.5, 2.5, 0.0, 0.0, 3))
            .categoricalFeature(
                "on",
                new CategoricalDistribution(
                    Collections.singletonMap(CategoricalDistribution.OTHER, 1.0), 0.0, 0))
            .numericOutput(
                "score",
                new NumericDistribution(
                    new double[0], new double[] {1.0}, 0.0, 1.0, 0.5, 0.25, 0.0, 12))
            .categoricalOutput("label", new CategoricalDistribution(classes, 0.01, 99))
            .build();
    Path file = dir.resolve("baseline.yaml");
    BaselineFile.write(profile, file);
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    assertTrue(text.startsWith("format: modelwatch-baseline/v1\n"), text);
    BaselineProfile read = BaselineFile.read(file);
    assertEquals(profile, read);
    assertEquals(
        Arrays.asList("yes", "1", "with \"quotes\" and: colon", "null", "__other__"),
        read.categoricalOutputs().get("label").categories());
  }

  @Test
  void writesSmallReadableYaml() throws Exception {
    Map<String, Double> colors = new LinkedHashMap<>();
    colors.put("white", 0.75);
    colors.put("red", 0.25);
    colors.put(CategoricalDistribution.OTHER, 0.0);
    BaselineProfile profile =
        BaselineProfile.builder("wine")
            .createdAt(Instant.parse("2026-11-21T21:30:00Z"))
            .source("train.csv")
            .rows(4)
            .numericFeature(
                "alcohol",
                new NumericDistribution(
                    new double[] {9.5, 10.5},
                    new double[] {0.25, 0.5, 0.25},
                    9.0,
                    11.0,
                    10.0,
                    0.5,
                    0.0,
                    4))
            .categoricalFeature("color", new CategoricalDistribution(colors, 0.0, 4))
            .build();
    Path file = dir.resolve("wine.yaml");
    BaselineFile.write(profile, file);
    assertEquals(
        String.join(
            "\n",
            "format: modelwatch-baseline/v1",
            "model: wine",
            "created_at: \"2026-11-21T21:30:00Z\"",
            "source: train.csv",
            "rows: 4",
            "features:",
            "  alcohol:",
            "    type: numeric",
            "    count: 4",
            "    missing_share: 0.0",
            "    min: 9.0",
            "    max: 11.0",
            "    mean: 10.0",
            "    stddev: 0.5",
            "    edges: [9.5, 10.5]",
            "    shares: [0.25, 0.5, 0.25]",
            "  color:",
            "    type: categorical",
            "    count: 4",
            "    missing_share: 0.0",
            "    categories:",
            "      white: 0.75",
            "      red: 0.25",
            "      __other__: 0.0",
            "outputs: {}",
            ""),
        new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
  }

  // ---- one test per validation rule ----

  @Test
  void sharesMustBeOneMoreThanEdges() throws Exception {
    assertProblems(
        VALID.replace("shares: [0.25, 0.25, 0.25, 0.25]", "shares: [0.5, 0.25, 0.25]"),
        "features.alcohol.shares: expected 4 values (edges + 1), found 3");
  }

  @Test
  void edgesMustBeStrictlyIncreasing() throws Exception {
    assertProblems(
        VALID.replace("edges: [9.0, 10.0, 12.0]", "edges: [9.0, 9.0, 12.0]"),
        "features.alcohol.edges: must be strictly increasing, but edges[1] = 9.0 follows"
            + " edges[0] = 9.0");
  }

  @Test
  void edgesMustBeFinite() throws Exception {
    assertProblems(
        VALID.replace("edges: [9.0, 10.0, 12.0]", "edges: [9.0, 10.0, .inf]"),
        "features.alcohol.edges[2]: must be a finite number, found Infinity");
  }

  @Test
  void sharesMustLieBetweenZeroAndOne() throws Exception {
    assertProblems(
        VALID.replace("shares: [0.25, 0.25, 0.25, 0.25]", "shares: [1.25, -0.25, 0.0, 0.0]"),
        "features.alcohol.shares[0]: must be in [0, 1], found 1.25",
        "features.alcohol.shares[1]: must be in [0, 1], found -0.25");
  }

  @Test
  void sharesMustSumToOne() throws Exception {
    assertProblems(
        VALID.replace("shares: [0.5, 0.3, 0.2]", "shares: [0.5, 0.3, 0.1]"),
        "outputs.quality.shares: must sum to 1 (within 1.0E-6), but the sum is "
            + (0.5 + 0.3 + 0.1));
  }

  @Test
  void sharesMaySumToOneWithinTheTolerance() throws Exception {
    BaselineProfile profile =
        BaselineFile.read(
            write(VALID.replace("shares: [0.5, 0.3, 0.2]", "shares: [0.5, 0.3, 0.2000005]")));
    assertEquals(0.2000005, profile.numericOutputs().get("quality").shares()[2]);
  }

  @Test
  void categorySharesMustSumToOne() throws Exception {
    assertProblems(
        VALID.replace("red: 0.3", "red: 0.2"),
        "features.color.categories: shares must sum to 1 (within 1.0E-6), but the sum is "
            + (0.7 + 0.2 + 0.0));
  }

  @Test
  void categorySharesMustLieBetweenZeroAndOne() throws Exception {
    assertProblems(
        VALID.replace("__other__: 0.0", "__other__: -0.1"),
        "features.color.categories.__other__: must be in [0, 1], found -0.1");
  }

  @Test
  void categoriesMustIncludeOther() throws Exception {
    assertProblems(
        VALID.replace("      __other__: 0.0\n", ""),
        "features.color.categories: must include __other__ (the bin for categories not listed;"
            + " __other__: 0.0 if the training data had no others)");
  }

  @Test
  void categoriesMustNotBeEmpty() throws Exception {
    assertProblems(
        VALID.replace(
            "    categories:\n      white: 0.7\n      red: 0.3\n" + "      __other__: 0.0",
            "    categories: {}"),
        "features.color.categories: must list at least one category (use __other__: 1.0 if"
            + " the training data had none)");
  }

  @Test
  void categoryNamesThatYamlReadsAsBooleansMustBeQuoted() throws Exception {
    assertProblems(
        VALID.replace("white: 0.7", "yes: 0.7"),
        "features.color.categories: the name true was read as boolean true; put it in double"
            + " quotes (YAML reads unquoted yes/no/on/off/true/false/null as booleans or null)");
  }

  @Test
  void unknownFormatVersionIsReportedAlone() throws Exception {
    assertProblems(
        VALID
            .replace("modelwatch-baseline/v1", "modelwatch-baseline/v2")
            .replace("min: 8.0", "min: x"),
        "format: unknown version 'modelwatch-baseline/v2'; this agent reads"
            + " modelwatch-baseline/v1 (regenerate the baseline with this agent's baseline"
            + " command, or use the agent version that wrote it)");
  }

  @Test
  void formatIsRequired() throws Exception {
    assertProblems(
        VALID.replace("format: modelwatch-baseline/v1\n", ""),
        "format: missing; a baseline file starts with `format: modelwatch-baseline/v1`");
  }

  @Test
  void documentMustBeAMapping() throws Exception {
    assertProblems(
        "- a\n- b\n",
        "(document): expected a mapping that starts with `format: modelwatch-baseline/v1`,"
            + " found a list");
  }

  @Test
  void requiredKeysAreReported() throws Exception {
    assertProblems(
        VALID
            .replace("model: wine\n", "")
            .replace("    min: 8.0\n", "")
            .replace("    count: 10\n    missing_share: 0.0\n", ""),
        "model: missing",
        "features.alcohol.min: missing",
        "features.color.count: missing");
  }

  @Test
  void wrongTypesAreReported() throws Exception {
    assertProblems(
        VALID
            .replace("min: 8.0", "min: low")
            .replace("rows: 10", "rows: 10.5")
            .replace("edges: [5, 6]", "edges: 5"),
        "rows: expected a whole number, found double 10.5",
        "features.alcohol.min: expected a number, found 'low'",
        "outputs.quality.edges: expected a list of numbers such as [0.1, 0.9], found integer 5");
  }

  @Test
  void unknownKeysAreReported() throws Exception {
    assertProblems(
        VALID
            .replace("source: train.csv", "sourse: train.csv")
            .replace("    stddev: 1.25\n", "    stddev: 1.25\n    median: 10\n"),
        "sourse: unknown key; expected one of format, model, created_at, source, rows, features,"
            + " outputs, vocabularies",
        "features.alcohol.median: unknown key; expected one of type, count, missing_share, min,"
            + " max, mean, stddev, edges, shares");
  }

  @Test
  void columnTypeMustBeNumericOrCategorical() throws Exception {
    assertProblems(
        VALID.replace("type: categorical", "type: text"),
        "features.color.type: must be numeric or categorical, found 'text'");
  }

  @Test
  void missingShareMustLieBetweenZeroAndOne() throws Exception {
    assertProblems(
        VALID.replace("missing_share: 0.1", "missing_share: 1.5"),
        "features.alcohol.missing_share: must be in [0, 1], found 1.5");
  }

  @Test
  void minMustNotExceedMaxAndMeanMustLieBetween() throws Exception {
    assertProblems(
        VALID.replace("min: 8.0", "min: 15.0"),
        "features.alcohol.min: must be <= max (14.0), found 15.0");
    assertProblems(
        VALID.replace("mean: 10.5", "mean: 20.0"),
        "features.alcohol.mean: must lie between min (8.0) and max (14.0), found 20.0");
  }

  @Test
  void stddevAndCountMustNotBeNegative() throws Exception {
    assertProblems(
        VALID.replace("stddev: 1.25", "stddev: -1.0").replace("count: 9", "count: -9"),
        "features.alcohol.stddev: must be a finite number >= 0, found -1.0",
        "features.alcohol.count: must be >= 0, found -9");
  }

  @Test
  void createdAtMustBeAnIsoTime() throws Exception {
    assertProblems(
        VALID.replace("\"2026-11-21T21:30:00Z\"", "yesterday"),
        "created_at: expected an ISO-8601 UTC time such as \"2026-11-21T21:30:00Z\", found"
            + " 'yesterday'");
  }

  @Test
  void atLeastOneColumnIsRequired() throws Exception {
    String empty = VALID.substring(0, VALID.indexOf("features:")) + "features: {}\n";
    assertProblems(
        empty, "features: the baseline describes no feature and no output; list at least one");
  }

  @Test
  void duplicateKeysAreAYamlError() throws Exception {
    List<String> problems =
        problemsOf(VALID.replace("    min: 8.0\n", "    min: 8.0\n    min: 7.0\n"));
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("found duplicate key min"), problems.get(0));
    assertTrue(problems.get(0).contains("line 12"), problems.get(0));
  }

  @Test
  void everyProblemIsReportedWithTheFileAndTheFix() throws Exception {
    Path file =
        write(
            VALID
                .replace("edges: [9.0, 10.0, 12.0]", "edges: [9.0, 12.0, 10.0]")
                .replace("red: 0.3", "red: 0.5"));
    BaselineException e = assertThrows(BaselineException.class, () -> BaselineFile.read(file));
    assertEquals(file, e.file());
    assertEquals(
        "Baseline file "
            + file
            + ": invalid baseline (2 problems)\n"
            + "  - features.alcohol.edges: must be strictly increasing, but edges[2] = 10.0 follows"
            + " edges[1] = 12.0\n"
            + "  - features.color.categories: shares must sum to 1 (within 1.0E-6), but the sum is "
            + (0.7 + 0.5 + 0.0)
            + "\n"
            + "Fix: correct the entries listed, or regenerate it from the training data with: java"
            + " -jar modelwatch-agent.jar baseline --data <training.csv> --config <modelwatch.yaml>"
            + " --model <name> --out <file>",
        e.getMessage());
  }

  @Test
  void missingFileNamesThePathAndTheFix() {
    Path file = dir.resolve("absent.yaml");
    BaselineException e = assertThrows(BaselineException.class, () -> BaselineFile.read(file));
    assertEquals(
        "Baseline file "
            + file
            + ": file not found\nFix: check the baseline path in the"
            + " model's config, or create the file with the agent's baseline command",
        e.getMessage());
  }

  @Test
  void writeRefusesAnInvalidProfile() {
    BaselineProfile invalid =
        BaselineProfile.builder("wine")
            .numericFeature(
                "x",
                new NumericDistribution(
                    new double[] {1.0}, new double[] {1.0}, 0, 2, 1, 0.5, 0, 10))
            .build();
    Path file = dir.resolve("out.yaml");
    BaselineException e =
        assertThrows(BaselineException.class, () -> BaselineFile.write(invalid, file));
    assertEquals(
        Collections.singletonList("features.x.shares: expected 2 values (edges + 1), found 1"),
        e.problems());
    assertFalse(Files.exists(file));
  }

  private Path write(String yaml) throws IOException {
    Path file = dir.resolve("baseline-" + System.nanoTime() + ".yaml");
    Files.write(file, yaml.getBytes(StandardCharsets.UTF_8));
    return file;
  }

  private List<String> problemsOf(String yaml) throws IOException {
    Path file = write(yaml);
    return assertThrows(BaselineException.class, () -> BaselineFile.read(file)).problems();
  }

  private void assertProblems(String yaml, String... expected) throws IOException {
    assertEquals(Arrays.asList(expected), problemsOf(yaml));
  }
}
