package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.plain.LinearWineModel;
import dev.modelwatch.testapps.plain.LoudStaticInitializer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code check-config --classpath CP FILE}: the classes and methods a config names are looked up on
 * the application's class path, without running any of its code.
 */
class CheckConfigClassPathTest {
  private static final String PLAIN = "dev.modelwatch.testapps.plain.";

  /** The test apps' own classes, as an application's class path would hold them. */
  private static String appClasses() {
    return ForkedServer.moduleDir().resolve("target").resolve("classes").toString();
  }

  @Test
  void aMisspelledClassAMissingMethodAndAWrongOverloadAreProblemsWithSuggestions()
      throws Exception {
    Path config =
        AgentedServer.writeConfig(
            String.join(
                "\n",
                "models:",
                "  - name: misspelled-class",
                "    intercept: {class: " + PLAIN + "LinearWineModle, method: predict}",
                "  - name: misspelled-method",
                "    intercept: {class: " + PLAIN + "LinearWineModel, method: predcit}",
                "  - name: wrong-overload",
                "    intercept:",
                "      class: " + PLAIN + "LinearWineModel",
                "      method: predict",
                "      parameters: ['double[]']",
                "  - name: good",
                "    intercept: {class: "
                    + PLAIN
                    + "WineScoreModel, method: predict, parameters: ['float[]']}",
                ""));
    CommandLineTest.Result result =
        CommandLineTest.run("check-config", "--classpath", appClasses(), config.toString());
    assertEquals(1, result.exit, result.output);
    assertTrue(result.output.contains("3 problems in " + config), result.output);
    assertTrue(
        result.output.contains(
            config
                + ":3: models[0].intercept.class: class '"
                + PLAIN
                + "LinearWineModle' is not on the class path;"
                + " did you mean '"
                + PLAIN
                + "LinearWineModel'?"),
        result.output);
    assertTrue(
        result.output.contains(
            config
                + ":5: models[1].intercept.method: "
                + PLAIN
                + "LinearWineModel has no method 'predcit';"
                + " did you mean 'predict'?"),
        result.output);
    assertTrue(
        result.output.contains(
            config
                + ":10: models[2].intercept.parameters: "
                + PLAIN
                + "LinearWineModel has no method"
                + " predict(double[]); it declares predict(float[]); did you mean parameters: [float[]]?"),
        result.output);
    assertFalse(result.output.contains("is valid"), result.output);
  }

  @Test
  void aConfigWhoseClassesAndMethodsAreFoundIsValidAndNoStaticInitializerRuns() throws Exception {
    Path config =
        AgentedServer.writeConfig(
            String.join(
                "\n",
                "models:",
                "  - name: wine",
                "    intercept: {class: "
                    + PLAIN
                    + "LinearWineModel, method: predict, parameters: ['float[]']}",
                "    outputs: [{name: quality, kind: regression}]",
                "    prediction_id: {hash: features}",
                "    features: [{name: alcohol, index: 10}]",
                "    feedback:",
                "      method: {class: "
                    + PLAIN
                    + "OutcomeLog, method: record, id_argument: 0, label_argument: 1}",
                "  - name: loud",
                "    intercept: {class: " + PLAIN + "LoudStaticInitializer, method: score}",
                ""));
    CommandLineTest.Result result =
        CommandLineTest.run("check-config", "--classpath", appClasses(), config.toString());
    assertEquals(0, result.exit, result.output);
    assertTrue(result.output.contains(config + " is valid."), result.output);
    assertTrue(result.output.contains("Class path: 3 intercepted method(s) found"), result.output);
    assertFalse(result.output.contains(LoudStaticInitializer.RAN), result.output);
  }

  @Test
  void aFeedbackMethodIsCheckedLikeAnIntercept() throws Exception {
    Path config =
        AgentedServer.writeConfig(
            String.join(
                "\n",
                "models:",
                "  - name: wine",
                "    intercept: {class: " + PLAIN + "LinearWineModel, method: predict}",
                "    outputs: [{name: quality, kind: regression}]",
                "    prediction_id: {hash: features}",
                "    features: [{name: alcohol, index: 10}]",
                "    feedback:",
                "      method:",
                "        class: " + PLAIN + "OutcomeLog",
                "        method: record",
                "        label_argument: 2",
                ""));
    CommandLineTest.Result result =
        CommandLineTest.run("check-config", "--classpath", appClasses(), config.toString());
    assertEquals(1, result.exit, result.output);
    assertTrue(
        result.output.contains(
            config
                + ":11: models[0].feedback.method.label_argument: "
                + PLAIN
                + "OutcomeLog#record takes at most 2"
                + " argument(s), so label_argument 2 (counted from 0) is beyond them"),
        result.output);
  }

  @Test
  void aWildcardEntryAddsEveryJarOfItsDirectoryAndAMissingLibraryIsSaid() throws Exception {
    Path lib = Files.createTempDirectory(Path.of("target"), "check-config-lib-");
    try (JarOutputStream jar =
        new JarOutputStream(Files.newOutputStream(lib.resolve("model.jar")))) {
      String entry = LinearWineModel.class.getName().replace('.', '/') + ".class";
      jar.putNextEntry(new JarEntry(entry));
      jar.write(Files.readAllBytes(Path.of(appClasses(), entry)));
      jar.closeEntry();
    }
    Path config =
        AgentedServer.writeConfig(
            String.join(
                "\n",
                "models:",
                "  - name: wine",
                "    intercept: {class: "
                    + PLAIN
                    + "LinearWineModel, method: predict, parameters: ['float[]']}",
                "  - name: fraud",
                "    intercept: {library: onnxruntime}",
                ""));
    String classPath = lib.toAbsolutePath() + File.separator + "*";
    CommandLineTest.Result result =
        CommandLineTest.run("check-config", "--classpath", classPath, config.toString());
    assertEquals(1, result.exit, result.output);
    assertTrue(result.output.contains("1 problem in " + config), result.output);
    assertTrue(
        result.output.contains(
            config
                + ":5: models[1].intercept.library: library onnxruntime not found on the class path (no class"
                + " ai.onnxruntime.OrtSession in it)"),
        result.output);
  }

  @Test
  void anUnreadableClassPathEntryIsAUsageError() throws Exception {
    Path config = AgentedServer.writeConfig(PlainServerAgentTest.CONFIG);
    CommandLineTest.Result result =
        CommandLineTest.run(
            "check-config", "--classpath", "/nonexistent/app.jar", config.toString());
    assertEquals(2, result.exit, result.output);
    assertTrue(
        result.output.contains("--classpath: /nonexistent/app.jar does not exist"), result.output);
  }

  @Test
  void aConfigOfLibraryInterceptsOnlySaysWhichLibrariesWereFound() throws Exception {
    Path config =
        AgentedServer.writeConfig(
            String.join("\n", "models:", "  - name: wine", "    intercept: {library: tribuo}", ""));
    String classPath =
        appClasses()
            + java.io.File.pathSeparator
            + Files.readString(
                    ForkedServer.moduleDir().resolve("target").resolve("app-classpath.txt"))
                .trim();
    CommandLineTest.Result result =
        CommandLineTest.run("check-config", "--classpath", classPath, config.toString());
    assertEquals(0, result.exit, result.output);
    assertTrue(result.output.contains("Class path: libraries found: tribuo."), result.output);
    assertTrue(!result.output.contains("0 intercepted method(s)"), result.output);
  }
}
