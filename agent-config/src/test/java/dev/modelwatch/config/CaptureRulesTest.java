package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.modelProblems;
import static dev.modelwatch.config.Yamls.validModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code capture}: one test per rule, each checking the exact message. */
class CaptureRulesTest {
  private static final String FEATURES =
      "features: [{name: email, kind: categorical}, {name: ssn, kind: categorical}, {name: age}]";

  @Test
  void everySetting() throws ConfigException {
    CaptureConfig capture =
        validModel(
                FEATURES,
                "capture:",
                "  sample: 0.25",
                "  path: /var/log/modelwatch/m",
                "  max_file: 512KB",
                "  max_files: 3",
                "  redact: [email, ssn]",
                "  redact_key_env: CAPTURE_KEY")
            .capture();
    assertEquals(0.25, capture.sample());
    assertEquals(Path.of("/var/log/modelwatch/m"), capture.path());
    assertEquals(512 * 1024, capture.maxFileBytes());
    assertEquals(3, capture.maxFiles());
    assertEquals(List.of("email", "ssn"), capture.redact());
    assertEquals("CAPTURE_KEY", capture.redactKeyEnv());
    assertNull(capture.redactKeyFile());
  }

  @Test
  void defaults() throws ConfigException {
    CaptureConfig capture = validModel(FEATURES, "capture: {path: /data/capture}").capture();
    assertEquals(0.01, capture.sample());
    assertEquals(64L * 1024 * 1024, capture.maxFileBytes());
    assertEquals(20, capture.maxFiles());
    assertEquals(List.of(), capture.redact());
  }

  @Test
  void noCaptureByDefault() throws ConfigException {
    assertNull(validModel(FEATURES).capture());
  }

  @Test
  void relativePathsResolveAgainstTheConfigDirectory() throws ConfigException {
    CaptureConfig capture =
        validModel(
                FEATURES,
                "capture: {path: capture/m, redact: [email], redact_key_file: keys/capture.key}")
            .capture();
    assertEquals(Path.of("/etc/modelwatch/capture/m"), capture.path());
    assertEquals(Path.of("/etc/modelwatch/keys/capture.key"), capture.redactKeyFile());
  }

  @Test
  void sizesInEveryUnit() throws ConfigException {
    assertEquals(4096, validModel("capture: {path: /c, max_file: 4096}").capture().maxFileBytes());
    assertEquals(2048, validModel("capture: {path: /c, max_file: 2kb}").capture().maxFileBytes());
    assertEquals(
        1L << 30, validModel("capture: {path: /c, max_file: 1GB}").capture().maxFileBytes());
  }

  @Test
  void pathRequired() {
    assertEquals(
        List.of(at(4, "models[0].capture.path: required")),
        modelProblems("capture: {sample: 0.5}"));
  }

  @Test
  void sampleZero() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].capture.sample: must be greater than 0 and at most 1 (0.01 captures one"
                    + " call in a hundred, 1 every call), found 0")),
        modelProblems("capture: {path: /c, sample: 0}"));
  }

  @Test
  void sampleAboveOne() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].capture.sample: must be greater than 0 and at most 1 (0.01 captures one"
                    + " call in a hundred, 1 every call), found 1.5")),
        modelProblems("capture: {path: /c, sample: 1.5}"));
  }

  @Test
  void sizeThatIsNotASize() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].capture.max_file: expected a size: a whole number of bytes, or followed"
                    + " by KB, MB or GB, e.g. 64MB, found \"64 megs\"")),
        modelProblems("capture: {path: /c, max_file: 64 megs}"));
  }

  @Test
  void sizeBelowOneKilobyte() {
    assertEquals(
        List.of(at(4, "models[0].capture.max_file: must be at least 1KB, found 100B")),
        modelProblems("capture: {path: /c, max_file: 100B}"));
  }

  @Test
  void sizeTooLarge() {
    assertEquals(
        List.of(at(4, "models[0].capture.max_file: size \"99999999999GB\" is too large")),
        modelProblems("capture: {path: /c, max_file: 99999999999GB}"));
  }

  @Test
  void maxFilesZero() {
    assertEquals(
        List.of(at(4, "models[0].capture.max_files: must be between 1 and 1000000, found 0")),
        modelProblems("capture: {path: /c, max_files: 0}"));
  }

  @Test
  void redactOfAnUnknownFeatureSuggestsTheClosest() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].capture.redact[0]: 'emial' is not a feature of this model; did you mean"
                    + " 'email'? (its features: email, ssn, age)")),
        modelProblems(FEATURES, "capture: {path: /c, redact: [emial]}"));
  }

  @Test
  void redactListedTwice() {
    assertEquals(
        List.of(at(5, "models[0].capture.redact[1]: 'ssn' is listed twice")),
        modelProblems(FEATURES, "capture: {path: /c, redact: [ssn, ssn]}"));
  }

  @Test
  void redactOfDiscoveredFeaturesIsTakenAsWritten() throws ConfigException {
    assertEquals(
        List.of("email"), validModel("capture: {path: /c, redact: [email]}").capture().redact());
  }

  @Test
  void redactThatIsNotAList() {
    assertEquals(
        List.of(
            at(5, "models[0].capture.redact: expected a list like [email, ssn], found \"email\"")),
        modelProblems(FEATURES, "capture: {path: /c, redact: email}"));
  }

  @Test
  void twoKeySources() {
    assertEquals(
        List.of(at(5, "models[0].capture: give only one of redact_key_file, redact_key_env")),
        modelProblems(
            FEATURES,
            "capture: {path: /c, redact: [ssn], redact_key_file: /k, redact_key_env: K}"));
  }

  @Test
  void keyWithoutRedact() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].capture.redact_key_env: applies only with redact: list the features to"
                    + " redact, e.g. redact: [email], or remove the key")),
        modelProblems(FEATURES, "capture: {path: /c, redact_key_env: K}"));
  }

  @Test
  void keyEnvThatIsNotAName() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].capture.redact_key_env: 'capture-key' is not an environment variable"
                    + " name (letters, digits and _, not starting with a digit)")),
        modelProblems(FEATURES, "capture: {path: /c, redact: [ssn], redact_key_env: capture-key}"));
  }

  @Test
  void columnWithTheReservedPrefix() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].capture: the column '@model' starts with @, which capture files keep for"
                    + " their own keys (@timestamp, @model, @prediction_id, @row); rename it")),
        modelProblems("features: [{name: '@model'}]", "capture: {path: /c}"));
  }

  @Test
  void unknownKeySuggestsTheClosest() {
    assertEquals(
        List.of(at(4, "models[0].capture.redcat: unknown key 'redcat'; did you mean 'redact'?")),
        modelProblems("capture: {path: /c, redcat: [ssn]}"));
  }
}
