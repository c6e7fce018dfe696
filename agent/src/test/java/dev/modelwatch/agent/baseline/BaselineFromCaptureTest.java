package dev.modelwatch.agent.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.config.baseline.BaselineFile;
import dev.modelwatch.config.baseline.BaselineProfile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baseline --data DIR --config}: the model's capture files in the directory, oldest first
 * and no other model's, with the features its capture redacts left out and named.
 */
class BaselineFromCaptureTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @Test
  void readsTheModelsCaptureFilesAndLeavesOutRedactedFeatures() throws Exception {
    Path captures = Files.createDirectories(dir.resolve("capture"));
    write(
        captures.resolve("wine-20250501-120000-000-000001.jsonl"),
        "{\"@timestamp\":\"2025-05-01T12:00:00.000Z\",\"@model\":\"wine\",\"alcohol\":9.0,"
            + "\"email\":\"0f0e\",\"quality\":5.0}",
        "{\"@timestamp\":\"2025-05-01T12:00:00.001Z\",\"@model\":\"wine\",\"alcohol\":10.0,"
            + "\"email\":\"1a2b\",\"quality\":6.0}");
    write(
        captures.resolve("wine-20250501-120500-000-000002.jsonl"),
        "{\"@timestamp\":\"2025-05-01T12:05:00.000Z\",\"@model\":\"wine\",\"alcohol\":null,"
            + "\"email\":\"3c4d\",\"quality\":7.0}");
    // another model's file and a stray file in the same directory are not read
    write(
        captures.resolve("wine-2-20250501-120000-000-000001.jsonl"),
        "{\"@model\":\"wine-2\",\"alcohol\":100.0,\"email\":\"x\",\"quality\":1.0}");
    write(captures.resolve("notes.jsonl"), "{\"alcohol\":\"not a number\"}");
    Path config = dir.resolve("modelwatch.yaml");
    write(
        config,
        "models:",
        "  - name: wine",
        "    intercept: {class: com.acme.Scorer, method: score}",
        "    features: [{name: alcohol}, {name: email, kind: categorical}]",
        "    outputs: [{name: quality, kind: regression}]",
        "    capture: {path: capture, redact: [email]}");
    Path target = dir.resolve("wine-baseline.yaml");

    int code =
        BaselineCommand.run(
            new String[] {
              "baseline",
              "--data",
              captures.toString(),
              "--config",
              config.toString(),
              "--model",
              "wine",
              "--out",
              target.toString()
            },
            new PrintStream(out, true),
            new PrintStream(err, true));

    String printed = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    BaselineProfile profile = BaselineFile.read(target);
    assertEquals(3, profile.rows());
    assertEquals(Set.of("alcohol"), profile.numericFeatures().keySet());
    assertTrue(profile.categoricalFeatures().isEmpty());
    assertEquals(9.0, profile.numericFeatures().get("alcohol").min());
    assertEquals(10.0, profile.numericFeatures().get("alcohol").max());
    assertEquals(1.0 / 3, profile.numericFeatures().get("alcohol").missingShare(), 1e-12);
    assertEquals(5.0, profile.numericOutputs().get("quality").min());
    assertEquals(7.0, profile.numericOutputs().get("quality").max());
    assertTrue(printed.contains("(capture files of model wine)"), printed);
    assertTrue(printed.contains("Redacted in capture files: email (capture.redact)"), printed);
    assertTrue(printed.contains("Columns not used: @timestamp, @model, email"), printed);
  }

  @Test
  void aDirectoryWithoutTheModelsFilesIsNamed() throws Exception {
    Path captures = Files.createDirectories(dir.resolve("capture"));
    Path target = dir.resolve("b.yaml");
    int code =
        BaselineCommand.run(
            new String[] {
              "baseline",
              "--data",
              captures.toString(),
              "--model",
              "wine",
              "--out",
              target.toString(),
              "--features",
              "alcohol"
            },
            new PrintStream(out, true),
            new PrintStream(err, true));
    String printed = err.toString(StandardCharsets.UTF_8);
    assertEquals(2, code);
    assertTrue(printed.contains(captures + " holds no capture files of model 'wine'"), printed);
  }

  private static void write(Path file, String... lines) throws Exception {
    Files.writeString(file, String.join("\n", lines) + "\n");
  }
}
