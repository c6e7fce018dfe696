package dev.modelwatch.agent.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.modelwatch.config.baseline.BaselineFile;
import dev.modelwatch.config.baseline.BaselineProfile;
import dev.modelwatch.config.baseline.CategoricalDistribution;
import dev.modelwatch.config.baseline.NumericDistribution;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCommandTest {

  @TempDir Path dir;
  private Path data;
  private Path target;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void writeTrainingData() throws Exception {
    data = dir.resolve("train.csv");
    target = dir.resolve("wine-baseline.yaml");
    Files.write(
        data,
        String.join(
                "\n",
                "id|alcohol|color|quality|label",
                "1|1|red|5.5|good",
                "2|2|white|6.5|good",
                "3|3|white|NA|bad",
                "4|4|red|7.5|good",
                "5|5|white|4.5|bad",
                "")
            .getBytes(StandardCharsets.UTF_8));
  }

  private int run(String... args) {
    return BaselineCommand.run(args, new PrintStream(out, true), new PrintStream(err, true));
  }

  private String out() {
    return new String(out.toByteArray(), StandardCharsets.UTF_8);
  }

  private String err() {
    return new String(err.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void writesTheBaselineAndASummary() throws Exception {
    int code =
        run(
            "baseline",
            "--data",
            data.toString(),
            "--model",
            "wine",
            "--out",
            target.toString(),
            "--bins=2",
            "--top-k",
            "1",
            "--features",
            "alcohol,color",
            "--categorical",
            "color",
            "--outputs",
            "quality",
            "--classification",
            "label");
    assertEquals("", err());
    assertEquals(0, code);
    String n = System.lineSeparator();
    assertEquals(
        "Reading "
            + data
            + " (CSV)"
            + n
            + "  5 rows read"
            + n
            + "Read 5 rows from "
            + data
            + " (delimiter '|')"
            + n
            + "Columns not used: id"
            + n
            + "Wrote "
            + target
            + " for model wine:"
            + n
            + "  feature alcohol              numeric      2 bins, min 1.0, max 5.0, mean 3.00000,"
            + " missing 0.0%"
            + n
            + "  feature color                categorical  1 category + __other__ 40.0%, missing 0.0%"
            + n
            + "  output  quality              numeric      2 bins, min 4.5, max 7.5, mean 6.00000,"
            + " missing 20.0%"
            + n
            + "  output  label                categorical  1 category + __other__ 40.0%, missing"
            + " 0.0%"
            + n,
        out());

    BaselineProfile profile = BaselineFile.read(target);
    assertEquals("wine", profile.model());
    assertEquals("train.csv", profile.source());
    assertEquals(5, profile.rows());
    // alcohol 1..5: median at h = 2 is 3; <= 3 holds 1, 2, 3
    NumericDistribution alcohol = profile.numericFeatures().get("alcohol");
    assertArrayEquals(new double[] {3.0}, alcohol.edges());
    assertArrayEquals(new double[] {0.6, 0.4}, alcohol.shares());
    // quality 4.5 5.5 6.5 7.5: median at h = 1.5 is 6.0
    NumericDistribution quality = profile.numericOutputs().get("quality");
    assertArrayEquals(new double[] {6.0}, quality.edges());
    assertArrayEquals(new double[] {0.5, 0.5}, quality.shares());
    assertEquals(0.2, quality.missingShare());
    CategoricalDistribution color = profile.categoricalFeatures().get("color");
    assertEquals(Arrays.asList("white", "__other__"), color.categories());
    assertArrayEquals(new double[] {0.6, 0.4}, color.shareArray(), 1e-15);
    CategoricalDistribution label = profile.categoricalOutputs().get("label");
    assertEquals(Arrays.asList("good", "__other__"), label.categories());
  }

  @Test
  void reportsEveryArgumentProblemWithTheFix() {
    int code =
        run(
            "--data",
            dir.resolve("absent.csv").toString(),
            "--bins",
            "1",
            "--delimiter",
            "x",
            "--categorical",
            "color",
            "--verbose");
    assertEquals(2, code);
    String n = System.lineSeparator();
    assertEquals(
        "baseline: 8 problems with the arguments:"
            + n
            + "  - unknown option --verbose; see the usage below"
            + n
            + "  - --delimiter 'x': must be one of , ; | tab"
            + n
            + "  - --bins '1': must be a whole number >= 2"
            + n
            + "  - --data "
            + dir.resolve("absent.csv")
            + ": no such file or directory; give the path of the"
            + " training data or of a capture directory"
            + n
            + "  - --model is required: the model's name as in the agent config, e.g. --model wine"
            + n
            + "  - --out is required: the baseline file to write, e.g. --out wine-baseline.yaml"
            + n
            + "  - --categorical color: not listed in --features; add it to --features (for a"
            + " categorical output use --classification)"
            + n
            + "  - --features is required: the model's input columns, e.g. --features alcohol,ph"
            + n
            + BaselineCommand.USAGE
            + n,
        err());
    assertEquals("", out());
  }

  @Test
  void columnsAbsentFromTheDataAreNamed() {
    int code =
        run(
            "--data",
            data.toString(),
            "--model",
            "wine",
            "--out",
            target.toString(),
            "--features",
            "alcohol,sugar");
    assertEquals(2, code);
    String n = System.lineSeparator();
    assertEquals(
        "baseline: train.csv: 1 of the columns asked for is missing\n"
            + "  - column 'sugar' is not in train.csv\n"
            + "Fix: correct the column names (the file has: id, alcohol, color, quality, label"
            + " (delimiter '|')), or pass the right --delimiter"
            + n,
        err());
    assertFalse(Files.exists(target));
  }

  @Test
  void textInANumericColumnIsExplained() {
    int code =
        run(
            "--data",
            data.toString(),
            "--model",
            "wine",
            "--out",
            target.toString(),
            "--features",
            "color");
    assertEquals(2, code);
    String firstLines = err().split("\n")[0] + "\n" + err().split("\n")[1];
    assertEquals(
        "baseline: train.csv: 5 problems in the data\n"
            + "  - line 2, column 'color': 'red' is not a number (declare the column categorical if it"
            + " holds text)",
        firstLines);
    assertFalse(Files.exists(target));
  }

  @Test
  void helpPrintsTheUsage() {
    assertEquals(0, run("--help"));
    assertEquals(BaselineCommand.USAGE + System.lineSeparator(), out());
  }
}
