package dev.modelwatch.config.baseline;

import dev.modelwatch.config.BoundedFileReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and writes baseline files: small YAML documents whose first key is {@code format:
 * modelwatch-baseline/v1}. Layout:
 *
 * <pre>
 * format: modelwatch-baseline/v1
 * model: wine
 * created_at: "2026-11-21T21:30:00Z"     # optional
 * source: train.csv                      # optional
 * rows: 4898
 * features:
 *   alcohol:
 *     type: numeric
 *     count: 4898                        # non-missing values
 *     missing_share: 0.0                 # optional, default 0
 *     min: 8.0
 *     max: 14.2
 *     mean: 10.51
 *     stddev: 1.23
 *     edges: [9.2, 9.8, 10.4, 11.2]      # strictly increasing bin upper edges
 *     shares: [0.2, 0.2, 0.2, 0.2, 0.2]  # edges + 1 values, summing to 1
 *   color:
 *     type: categorical
 *     count: 4898
 *     missing_share: 0.0
 *     categories: {white: 0.75, red: 0.25, __other__: 0.0}
 * outputs:
 *   quality: {type: numeric, ...}
 * </pre>
 *
 * Loading validates everything and reports every problem at once in a {@link BaselineException}.
 */
public final class BaselineFile {

  /** SnakeYAML's default limit of code points in a document, at most 4 bytes each in UTF-8. */
  public static final long MAX_BYTES = 4L * new LoaderOptions().getCodePointLimit();

  private BaselineFile() {}

  /** Reads and validates a baseline file. */
  public static BaselineProfile read(Path file) throws BaselineException {
    String text;
    try {
      text = new String(BoundedFileReader.read(file, MAX_BYTES), StandardCharsets.UTF_8);
    } catch (BoundedFileReader.RefusedFileException e) {
      throw new BaselineException(
          file,
          "cannot read the file: " + e.getMessage(),
          Collections.emptyList(),
          "a baseline must be a regular file of at most "
              + MAX_BYTES
              + " bytes: point the model's baseline"
              + " at one, or "
              + BaselineException.REGENERATE);
    } catch (NoSuchFileException e) {
      throw new BaselineException(
          file,
          "file not found",
          Collections.emptyList(),
          "check the baseline path in the model's config, or create the file with the agent's"
              + " baseline command");
    } catch (IOException e) {
      throw new BaselineException(
          file,
          "cannot read the file (" + e + ")",
          Collections.emptyList(),
          "check that the file exists and is readable by this process");
    }
    return parse(text, file);
  }

  /** Parses and validates baseline YAML; {@code file} is only used in messages. */
  public static BaselineProfile parse(String yaml, Path file) throws BaselineException {
    Object root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      root = new Yaml(new SafeConstructor(options)).load(yaml);
    } catch (YAMLException e) {
      throw new BaselineException(
          file,
          "not valid YAML",
          Collections.singletonList(e.getMessage().trim().replace("\n", " ")),
          "correct the YAML syntax at the position shown, or " + BaselineException.REGENERATE);
    }
    BaselineYamlReader reader = new BaselineYamlReader();
    BaselineProfile profile = reader.read(root);
    List<String> problems = reader.problems();
    if (profile != null) {
      problems.addAll(profile.problems());
    }
    if (!problems.isEmpty()) {
      throw new BaselineException(
          file,
          "invalid baseline ("
              + problems.size()
              + (problems.size() == 1 ? " problem)" : " problems)"),
          problems,
          "correct the entries listed, or " + BaselineException.REGENERATE);
    }
    return profile;
  }

  /** Validates the profile and writes it, replacing the file if it exists. */
  public static void write(BaselineProfile profile, Path file) throws BaselineException {
    List<String> problems = profile.problems();
    if (!problems.isEmpty()) {
      throw new BaselineException(
          file,
          "refusing to write an invalid baseline ("
              + problems.size()
              + (problems.size() == 1 ? " problem)" : " problems)"),
          problems,
          "fix the training data or the code that built the profile");
    }
    try {
      Files.write(file, BaselineYamlWriter.toYaml(profile).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new BaselineException(
          file,
          "cannot write the file (" + e + ")",
          Collections.emptyList(),
          "check that the directory exists and is writable");
    }
  }
}
