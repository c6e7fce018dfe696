package dev.modelwatch.agent.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.config.baseline.BaselineFile;
import dev.modelwatch.config.baseline.BaselineProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baseline --config FILE --model NAME}: the columns are the model's features and outputs.
 */
class BaselineConfigColumnsTest {

  @TempDir Path dir;
  private Path data;
  private Path config;
  private Path target;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @BeforeEach
  void write() throws Exception {
    data = dir.resolve("train.csv");
    target = dir.resolve("wine-baseline.yaml");
    config = dir.resolve("modelwatch.yaml");
    Files.writeString(
        data,
        String.join(
            "\n",
            "id;alcohol;color;quality;label",
            "1;1;red;5.5;good",
            "2;2;white;6.5;good",
            "3;3;white;NA;bad",
            "4;4;red;7.5;good",
            "5;5;white;4.5;bad",
            ""));
    Files.writeString(
        config,
        String.join(
            "\n",
            "models:",
            "  - name: other",
            "    intercept: {class: com.example.Other, method: score}",
            "  - name: wine",
            "    intercept: {class: com.example.Scorer, method: score}",
            "    features:",
            "      - {name: alcohol, index: 0}",
            "      - {name: color, kind: categorical, index: 1}",
            "      - {name: sugar, index: 2}",
            "    outputs:",
            "      - {name: quality, kind: regression}",
            "      - {name: label, kind: classification}",
            ""));
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
  void columnsAndKindsComeFromTheConfigAndAbsentOnesAreNamed() throws Exception {
    int code =
        run(
            "baseline",
            "--data",
            data.toString(),
            "--config",
            config.toString(),
            "--model",
            "wine",
            "--out",
            target.toString(),
            "--bins",
            "2");
    assertEquals("", err());
    assertEquals(0, code);
    assertTrue(out().contains("Columns not used: id"), out());
    assertTrue(
        out()
            .contains(
                "Not in the data: sugar (feature, numeric); the baseline has no entry"
                    + " for it, so the agent records it on default buckets and computes no drift for it"),
        out());
    BaselineProfile profile = BaselineFile.read(target);
    assertEquals("wine", profile.model());
    assertEquals(List.of("alcohol"), List.copyOf(profile.numericFeatures().keySet()));
    assertEquals(List.of("color"), List.copyOf(profile.categoricalFeatures().keySet()));
    assertEquals(List.of("quality"), List.copyOf(profile.numericOutputs().keySet()));
    assertEquals(List.of("label"), List.copyOf(profile.categoricalOutputs().keySet()));
    // alcohol 1..5 in two bins: the median 3 is the edge, 1 2 3 fall at or below it
    assertArrayEquals(new double[] {3.0}, profile.numericFeatures().get("alcohol").edges());
    assertArrayEquals(new double[] {0.6, 0.4}, profile.numericFeatures().get("alcohol").shares());
    assertEquals(
        List.of("white", "red", "__other__"),
        profile.categoricalFeatures().get("color").categories());
  }

  @Test
  void columnOptionsCannotBeMixedWithConfig() {
    int code =
        run(
            "--data",
            data.toString(),
            "--config",
            config.toString(),
            "--model",
            "wine",
            "--out",
            target.toString(),
            "--features",
            "alcohol");
    assertEquals(2, code);
    assertTrue(
        err()
            .contains(
                "  - --features cannot be combined with --config: the columns are the"
                    + " model's configured features and outputs; leave out --features (or --config)"),
        err());
    assertFalse(Files.exists(target));
  }

  @Test
  void anUnknownModelIsNamedWithTheModelsTheConfigHas() {
    int code =
        run(
            "--data",
            data.toString(),
            "--config",
            config.toString(),
            "--model",
            "wne",
            "--out",
            target.toString());
    assertEquals(2, code);
    assertTrue(
        err()
            .contains(
                "  - --model wne: no model of that name in "
                    + config
                    + "; the config has: other, wine"),
        err());
  }

  @Test
  void anInvalidConfigIsReportedWithItsProblems() throws Exception {
    Files.writeString(config, "models:\n  - nme: wine\n");
    int code =
        run(
            "--data",
            data.toString(),
            "--config",
            config.toString(),
            "--model",
            "wine",
            "--out",
            target.toString());
    assertEquals(2, code);
    assertTrue(err().contains("  - --config " + config + ": "), err());
    assertTrue(err().contains("unknown key 'nme'"), err());
  }

  @Test
  void dataWithNoneOfTheConfiguredColumnsIsRefused() throws Exception {
    Files.writeString(data, "a,b\n1,2\n");
    int code =
        run(
            "--data",
            data.toString(),
            "--config",
            config.toString(),
            "--model",
            "wine",
            "--out",
            target.toString());
    assertEquals(2, code);
    assertTrue(
        err()
            .contains(
                "  - --data "
                    + data
                    + ": none of the model's features and outputs"
                    + " (alcohol, color, sugar, quality, label) is a column of the data, which has: a, b;"),
        err());
    assertFalse(Files.exists(target));
  }

  @Test
  void jsonLinesColumnsAreTheKeysOfAnyLine() throws Exception {
    Path json = dir.resolve("train.jsonl");
    Files.writeString(
        json, "{\"alcohol\": 1, \"color\": \"red\"}\n{\"alcohol\": 2, \"quality\": 5}\n");
    int code =
        run(
            "--data",
            json.toString(),
            "--config",
            config.toString(),
            "--model",
            "wine",
            "--out",
            target.toString());
    assertEquals("", err());
    assertEquals(0, code);
    BaselineProfile profile = BaselineFile.read(target);
    assertEquals(List.of("quality"), List.copyOf(profile.numericOutputs().keySet()));
    assertTrue(out().contains("Not in the data: label (output, categorical)"), out());
  }
}
