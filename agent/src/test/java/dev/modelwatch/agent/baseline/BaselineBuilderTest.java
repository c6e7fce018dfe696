package dev.modelwatch.agent.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.modelwatch.config.baseline.BaselineProfile;
import dev.modelwatch.config.baseline.CategoricalDistribution;
import dev.modelwatch.config.baseline.NumericDistribution;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineBuilderTest {

  private static final double EXACT = 1e-12;

  /** Semicolon-separated, with missing values written four ways. */
  private static final String CSV =
      String.join(
          "\n",
          "id;alcohol;color;quality",
          "1;9.0;red;5",
          "2;10.0;white;6",
          "3;;white;6",
          "4;11.5;red;7",
          "5;NA;white;5",
          "6;12.0;rosé;6",
          "7;8.5;white;NaN",
          "8;10.0;white;6",
          "9;13.0;red;8",
          "10;9.5; white ;null",
          "");

  /** The same rows as JSON lines, with alcohol absent from one line and null in another. */
  private static final String JSONL =
      String.join(
          "\n",
          "{\"id\": 1, \"alcohol\": 9.0, \"color\": \"red\", \"quality\": 5}",
          "{\"id\": 2, \"alcohol\": 10.0, \"color\": \"white\", \"quality\": 6}",
          "{\"id\": 3, \"color\": \"white\", \"quality\": 6}",
          "{\"id\": 4, \"alcohol\": 11.5, \"color\": \"red\", \"quality\": 7}",
          "{\"id\": 5, \"alcohol\": null, \"color\": \"white\", \"quality\": 5, \"note\": \"x\"}",
          "",
          "{\"id\": 6, \"alcohol\": 12.0, \"color\": \"ros\\u00e9\", \"quality\": 6}",
          "{\"id\": 7, \"alcohol\": 8.5, \"color\": \"white\", \"quality\": \"NaN\"}",
          "{\"id\": 8, \"alcohol\": 1.0e1, \"color\": \"white\", \"quality\": 6}",
          "{\"id\": 9, \"alcohol\": 13, \"color\": \"red\", \"quality\": 8}",
          "{\"id\": 10, \"alcohol\": 9.5, \"color\": \"white\", \"quality\": null}",
          "");

  /** The eight non-missing alcohol values above. */
  private static final double[] ALCOHOL = {9.0, 10.0, 11.5, 12.0, 8.5, 10.0, 13.0, 9.5};

  private static final Instant NOW = Instant.parse("2026-11-21T22:00:00Z");

  @TempDir Path dir;

  private static BaselineBuilder builder(int bins, int topK) {
    return new BaselineBuilder(
            Arrays.asList(
                ColumnSpec.numericFeature("alcohol"),
                ColumnSpec.categoricalFeature("color"),
                ColumnSpec.categoricalOutput("quality")),
            bins,
            topK)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void csvGivesExactEdgesSharesAndMoments() throws Exception {
    BaselineBuilder.Result result =
        builder(4, 2).readCsv(new StringReader(CSV), null, "wine", "train.csv");
    assertEquals(Character.valueOf(';'), result.delimiter());
    assertEquals(Collections.singletonList("id"), result.unusedColumns());
    assertProfile(result.profile(), "train.csv");
  }

  @Test
  void jsonLinesGiveTheSameProfile() throws Exception {
    BaselineBuilder.Result result =
        builder(4, 2).readJsonLines(new StringReader(JSONL), "wine", "train.jsonl");
    assertNull(result.delimiter());
    assertEquals(Arrays.asList("id", "note"), result.unusedColumns());
    assertProfile(result.profile(), "train.jsonl");
  }

  private static void assertProfile(BaselineProfile profile, String source) {
    assertEquals("wine", profile.model());
    assertEquals(source, profile.source());
    assertEquals(NOW, profile.createdAt());
    assertEquals(10, profile.rows());

    // sorted: 8.5 9.0 9.5 10.0 10.0 11.5 12.0 13.0; type 7 quantile at p sits at h = 7p
    // p=.25: h=1.75 -> 9.0 + .75 * 0.5; p=.5: h=3.5 -> 10.0; p=.75: h=5.25 -> 11.5 + .25 * 0.5
    NumericDistribution alcohol = profile.numericFeatures().get("alcohol");
    assertArrayEquals(new double[] {9.375, 10.0, 11.625}, alcohol.edges(), EXACT);
    Percentile r7 = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
    assertArrayEquals(
        new double[] {r7.evaluate(ALCOHOL, 25), r7.evaluate(ALCOHOL, 50), r7.evaluate(ALCOHOL, 75)},
        alcohol.edges(),
        EXACT);
    // <= 9.375: 8.5 9.0 | (9.375, 10]: 9.5 10 10 | (10, 11.625]: 11.5 | > 11.625: 12 13
    assertArrayEquals(new double[] {2 / 8.0, 3 / 8.0, 1 / 8.0, 2 / 8.0}, alcohol.shares(), EXACT);
    assertEquals(8.5, alcohol.min());
    assertEquals(13.0, alcohol.max());
    assertEquals(83.5 / 8, alcohol.mean(), EXACT);
    double squares = 0;
    for (double v : ALCOHOL) {
      squares += (v - 83.5 / 8) * (v - 83.5 / 8);
    }
    assertEquals(Math.sqrt(squares / 7), alcohol.stddev(), EXACT);
    assertEquals(new StandardDeviation(true).evaluate(ALCOHOL), alcohol.stddev(), EXACT);
    assertEquals(0.2, alcohol.missingShare(), EXACT);
    assertEquals(8, alcohol.count());

    // white 6 (one written " white "), red 3, rosé 1; top 2 kept
    Map<String, Double> colors = new LinkedHashMap<>();
    colors.put("white", 0.6);
    colors.put("red", 0.3);
    colors.put(CategoricalDistribution.OTHER, 0.1);
    assertEquals(
        new CategoricalDistribution(colors, 0.0, 10), profile.categoricalFeatures().get("color"));

    // classes 6 x4, 5 x2, 7 x1, 8 x1; NaN and null missing
    CategoricalDistribution quality = profile.categoricalOutputs().get("quality");
    assertEquals(Arrays.asList("6", "5", CategoricalDistribution.OTHER), quality.categories());
    assertArrayEquals(new double[] {4 / 8.0, 2 / 8.0, 2 / 8.0}, quality.shareArray(), EXACT);
    assertEquals(0.2, quality.missingShare(), EXACT);
    assertEquals(8, quality.count());
    assertEquals(Collections.emptyList(), profile.problems());
  }

  @Test
  void numericOutputAndTiesMergingBins() throws Exception {
    String csv = "x,y\n1,5\n1,5\n1,5\n2,5\n3,5\n";
    BaselineBuilder builder =
        new BaselineBuilder(
            Arrays.asList(ColumnSpec.numericFeature("x"), ColumnSpec.numericOutput("y")), 4, 5);
    BaselineProfile profile = builder.readCsv(new StringReader(csv), null, "m", "s").profile();
    // x sorted 1 1 1 2 3: quantiles at h = 1, 2, 3 are 1, 1, 2 -> edges 1, 2
    NumericDistribution x = profile.numericFeatures().get("x");
    assertArrayEquals(new double[] {1.0, 2.0}, x.edges(), EXACT);
    assertArrayEquals(new double[] {0.6, 0.2, 0.2}, x.shares(), EXACT);
    // a constant column keeps one edge: everything at or below it
    NumericDistribution y = profile.numericOutputs().get("y");
    assertArrayEquals(new double[] {5.0}, y.edges(), EXACT);
    assertArrayEquals(new double[] {1.0, 0.0}, y.shares(), EXACT);
    assertEquals(0.0, y.stddev());
    assertEquals(5.0, y.mean());
  }

  @Test
  void manyQuantileBinsMatchCommonsMath() throws Exception {
    StringBuilder csv = new StringBuilder("v\n");
    double[] values = new double[997];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.floor(Math.sin(i * 12.9898) * 43758.5453 % 1000) / 10; // spread, with ties
      csv.append(values[i]).append('\n');
    }
    NumericDistribution v =
        new BaselineBuilder(Collections.singletonList(ColumnSpec.numericFeature("v")), 10, 5)
            .readCsv(new StringReader(csv.toString()), null, "m", "s")
            .profile()
            .numericFeatures()
            .get("v");
    Percentile r7 = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
    List<Double> expectedEdges = new ArrayList<>();
    for (int j = 1; j < 10; j++) {
      double q = r7.evaluate(values, j * 10.0);
      if (expectedEdges.isEmpty() || q > expectedEdges.get(expectedEdges.size() - 1)) {
        expectedEdges.add(q);
      }
    }
    double[] edges = v.edges();
    assertEquals(expectedEdges.size(), edges.length);
    for (int i = 0; i < edges.length; i++) {
      assertEquals(expectedEdges.get(i), edges[i], 1e-9);
    }
    // shares by direct counting under le semantics
    double[] shares = v.shares();
    for (int b = 0; b <= edges.length; b++) {
      int count = 0;
      for (double x : values) {
        boolean above = b == 0 || x > edges[b - 1];
        boolean atOrBelow = b == edges.length || x <= edges[b];
        if (above && atOrBelow) {
          count++;
        }
      }
      assertEquals(count / 997.0, shares[b], EXACT, "bin " + b);
    }
  }

  @Test
  void detectsEachDelimiter() throws Exception {
    for (char d : new char[] {',', ';', '\t', '|'}) {
      String csv = "a" + d + "b\n1" + d + "x\n2" + d + "y\n";
      BaselineBuilder.Result result =
          new BaselineBuilder(
                  Arrays.asList(ColumnSpec.numericFeature("a"), ColumnSpec.categoricalFeature("b")),
                  2,
                  5)
              .readCsv(new StringReader(csv), null, "m", "s");
      assertEquals(Character.valueOf(d), result.delimiter());
      assertEquals(1.5, result.profile().numericFeatures().get("a").mean(), EXACT);
    }
    // a comma inside a quoted header name does not count
    assertEquals(';', CsvRecordReader.detectDelimiter("\"a,b\";c;d"));
    assertEquals(',', CsvRecordReader.detectDelimiter("single"));
  }

  @Test
  void givenDelimiterWins() throws Exception {
    String csv = "a;b,c\n1;2,3\n";
    BaselineBuilder.Result result =
        new BaselineBuilder(Collections.singletonList(ColumnSpec.categoricalFeature("b,c")), 2, 5)
            .readCsv(new StringReader(csv), ';', "m", "s");
    assertEquals(Collections.singletonList("a"), result.unusedColumns());
    assertEquals(
        Collections.singletonList("2,3"),
        result.profile().categoricalFeatures().get("b,c").categories().subList(0, 1));
  }

  @Test
  void csvRecordsFollowRfc4180() throws Exception {
    String text = "a,\"b,1\",\"say \"\"hi\"\"\"\r\n\r\n\"two\r\nlines\",,x\n\nlast,\"\",end";
    CsvRecordReader reader = new CsvRecordReader(new StringReader(text), ',', 1);
    assertEquals(Arrays.asList("a", "b,1", "say \"hi\""), reader.next());
    assertEquals(1, reader.recordLine());
    assertEquals(Arrays.asList("two\nlines", "", "x"), reader.next());
    assertEquals(3, reader.recordLine());
    assertEquals(Arrays.asList("last", "", "end"), reader.next());
    assertEquals(6, reader.recordLine());
    assertNull(reader.next());
  }

  @Test
  void unclosedQuoteNamesTheLine() {
    CsvRecordReader reader = new CsvRecordReader(new StringReader("a,b\n\"open,c\n"), ',', 1);
    java.io.IOException e =
        assertThrows(
            java.io.IOException.class,
            () -> {
              reader.next();
              reader.next();
            });
    assertEquals("line 2: a quoted field is never closed; add the missing '\"'", e.getMessage());
  }

  @Test
  void specifiedColumnsMissingFromTheFileAreAnError() {
    BaselineBuilder builder =
        new BaselineBuilder(
            Arrays.asList(
                ColumnSpec.numericFeature("alcohol"),
                ColumnSpec.numericFeature("alcohool"),
                ColumnSpec.numericOutput("grade")),
            4,
            2);
    BaselineDataException e =
        assertThrows(
            BaselineDataException.class,
            () -> builder.readCsv(new StringReader(CSV), null, "wine", "train.csv"));
    assertEquals(
        Arrays.asList(
            "column 'alcohool' is not in train.csv", "column 'grade' is not in train.csv"),
        e.problems());
    assertEquals(
        "train.csv: 2 of the columns asked for are missing\n"
            + "  - column 'alcohool' is not in train.csv\n"
            + "  - column 'grade' is not in train.csv\n"
            + "Fix: correct the column names (the file has: id, alcohol, color, quality"
            + " (delimiter ';')), or pass the right --delimiter",
        e.getMessage());
  }

  @Test
  void specifiedColumnsMissingFromJsonLinesAreAnError() {
    BaselineBuilder builder =
        new BaselineBuilder(Collections.singletonList(ColumnSpec.numericFeature("ph")), 4, 2);
    BaselineDataException e =
        assertThrows(
            BaselineDataException.class,
            () -> builder.readJsonLines(new StringReader(JSONL), "wine", "train.jsonl"));
    assertEquals(Collections.singletonList("column 'ph' is not in train.jsonl"), e.problems());
  }

  @Test
  void badValuesAreListedWithLineAndColumn() {
    String csv = "a,b\n1,x\nabc,y\n2,z,extra\n1e400,w\n";
    BaselineBuilder builder =
        new BaselineBuilder(
            Arrays.asList(ColumnSpec.numericFeature("a"), ColumnSpec.categoricalFeature("b")),
            4,
            2);
    BaselineDataException e =
        assertThrows(
            BaselineDataException.class,
            () -> builder.readCsv(new StringReader(csv), null, "m", "data.csv"));
    assertEquals(
        Arrays.asList(
            "line 3, column 'a': 'abc' is not a number (declare the column categorical if it holds"
                + " text)",
            "line 4: 3 fields, but the header has 2 (delimiter ',')",
            "line 5, column 'a': '1e400' is too large for a double (declare the column categorical if"
                + " it holds text)"),
        e.problems());
    assertEquals("data.csv: 3 problems in the data", e.getMessage().split("\n")[0]);
  }

  @Test
  void badJsonLinesAreListed() {
    String jsonl = "{\"a\": 1}\n{\"a\": [1, 2]}\n{\"a\": 1,}\nnot json\n";
    BaselineBuilder builder =
        new BaselineBuilder(Collections.singletonList(ColumnSpec.numericFeature("a")), 4, 2);
    BaselineDataException e =
        assertThrows(
            BaselineDataException.class,
            () -> builder.readJsonLines(new StringReader(jsonl), "m", "d.jsonl"));
    assertEquals(
        Arrays.asList(
            "line 2, character 7: the value of \"a\" is a nested array; only strings, numbers, true, false and"
                + " null are accepted: flatten it into one key per value",
            "line 3, character 9: expected a string in double quotes",
            "line 4, character 1: expected one JSON object per line, starting with '{'"),
        e.problems());
  }

  @Test
  void aColumnWithNoValuesIsAnError() {
    String csv = "a,b\n1,\n2,NA\n";
    BaselineBuilder builder =
        new BaselineBuilder(
            Arrays.asList(ColumnSpec.numericFeature("a"), ColumnSpec.numericFeature("b")), 4, 2);
    BaselineDataException e =
        assertThrows(
            BaselineDataException.class,
            () -> builder.readCsv(new StringReader(csv), null, "m", "d.csv"));
    assertEquals(
        Collections.singletonList(
            "column 'b': all 2 rows are missing; leave it out or fix the data"),
        e.problems());
  }

  @Test
  void emptyInputsAreErrors() {
    BaselineBuilder builder =
        new BaselineBuilder(Collections.singletonList(ColumnSpec.numericFeature("a")), 4, 2);
    assertEquals(
        "d.csv is empty\nFix: the first line must be a header naming the columns",
        assertThrows(
                BaselineDataException.class,
                () -> builder.readCsv(new StringReader(""), null, "m", "d.csv"))
            .getMessage());
    assertEquals(
        "d.csv has a header but no data rows\nFix: use the training data the model was"
            + " fitted on",
        assertThrows(
                BaselineDataException.class,
                () -> builder.readCsv(new StringReader("a\n"), null, "m", "d.csv"))
            .getMessage());
  }

  @Test
  void progressIsReportedEveryNRowsAndAtTheEnd() throws Exception {
    List<Long> reports = new ArrayList<>();
    builder(4, 2)
        .onProgress(3, reports::add)
        .readCsv(new StringReader(CSV), null, "wine", "train.csv");
    assertEquals(Arrays.asList(3L, 6L, 9L, 10L), reports);
  }

  @Test
  void readsFilesByExtension() throws Exception {
    Path csv = dir.resolve("train.csv");
    Files.write(csv, ("\uFEFF" + CSV).getBytes(StandardCharsets.UTF_8));
    Path jsonl = dir.resolve("train.jsonl");
    Files.write(jsonl, JSONL.getBytes(StandardCharsets.UTF_8));
    assertProfile(builder(4, 2).read(csv, null, "wine").profile(), "train.csv");
    assertProfile(builder(4, 2).read(jsonl, null, "wine").profile(), "train.jsonl");
  }

  @Test
  void rejectsInvalidSettings() {
    List<ColumnSpec> one = Collections.singletonList(ColumnSpec.numericFeature("a"));
    assertThrows(IllegalArgumentException.class, () -> new BaselineBuilder(one, 1, 5));
    assertThrows(IllegalArgumentException.class, () -> new BaselineBuilder(one, 10, 0));
    assertThrows(
        IllegalArgumentException.class, () -> new BaselineBuilder(Collections.emptyList(), 10, 5));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new BaselineBuilder(
                Arrays.asList(ColumnSpec.numericFeature("a"), ColumnSpec.numericOutput("a")),
                10,
                5));
  }
}
