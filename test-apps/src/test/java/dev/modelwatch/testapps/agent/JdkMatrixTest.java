package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.CONFIG;
import static dev.modelwatch.testapps.agent.PlainServerAgentTest.GOOD_ROW;
import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static dev.modelwatch.testapps.agent.PlainServerAgentTest.SHORT_ROW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.modelwatch.testapps.ForkedServer;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Representative forked scenarios again with the child JVM started from the second JDK (Temurin 25
 * by default; {@code -Dmodelwatch.second.jdk=DIR} to change it), while every other forked test runs
 * them on the build's own JDK. In CI (env {@code CI} set, or {@code
 * -Dmodelwatch.require.second.jdk=true}) a missing second JDK fails the build; locally the tests
 * are skipped with a message saying so.
 */
class JdkMatrixTest {
  static final Path SECOND_JDK =
      Path.of(System.getProperty("modelwatch.second.jdk", "/usr/lib/jvm/temurin-25-jdk-amd64"));
  static String java;

  @BeforeAll
  static void findSecondJdk() {
    Path executable = SECOND_JDK.resolve("bin").resolve("java");
    if (!Files.isExecutable(executable)) {
      String message =
          "second JDK not found: "
              + executable
              + " is missing. Install Temurin 25 there or point -Dmodelwatch.second.jdk=DIR at another JDK.";
      if (System.getenv("CI") != null || Boolean.getBoolean("modelwatch.require.second.jdk")) {
        fail(message + " (required in CI)");
      }
      Assumptions.abort(message + " Skipping the JDK matrix locally.");
    }
    java = executable.toString();
  }

  @Test
  void secondJdkIsReallyAnotherVersion() throws Exception {
    String version = run(List.of(java, "-version"));
    String own = System.getProperty("java.specification.version");
    assertTrue(
        !version.contains("version \"" + own + "."),
        "second JDK reports the build's own version " + own + ":\n" + version);
  }

  @Test
  void agentClassesTargetJava11AndTheJarRunsOnBothJdks() throws Exception {
    try (JarFile jar = new JarFile(AgentJar.path().toFile())) {
      int checked = 0;
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        if (entry.getName().startsWith("dev/modelwatch/")
            && entry.getName().endsWith(".class")
            && !entry.getName().startsWith("dev/modelwatch/shaded/")) {
          try (InputStream in = jar.getInputStream(entry)) {
            assertEquals(55, majorVersion(in), entry.getName());
          }
          checked++;
        }
      }
      assertTrue(checked > 50, "agent classes checked: " + checked);
    }
    for (String jvm : List.of(ForkedServer.javaExecutable(), java)) {
      assertTrue(
          run(List.of(jvm, "-jar", AgentJar.path().toString(), "version"))
              .startsWith("ModelWatch agent "),
          jvm);
    }
  }

  @Test
  void exactCountsOnTheSecondJdk() throws Exception {
    Path config = AgentedServer.writeConfig(CONFIG);
    try (ForkedServer app =
        ForkedServer.start(
            java,
            MAIN,
            List.of(AgentJar.javaagent("config=" + config + ",port=0")),
            List.of("--port", "0"),
            Map.of(),
            true)) {
      int agentPort =
          Integer.parseInt(app.awaitStderr(AgentedServer.SERVING, Duration.ofSeconds(30)));
      for (int i = 0; i < 40; i++) {
        assertEquals(
            i % 8 == 0 ? 500 : 200,
            Http.post(app.port(), "/predict", i % 8 == 0 ? SHORT_ROW : GOOD_ROW).statusCode());
      }
      PlainServerAgentTest.assertExactCounts(Scrape.of(agentPort), 40, 5);
    }
  }

  @Test
  void attachOnTheSecondJdk() throws Exception {
    try (ForkedServer app =
        ForkedServer.start(
            java,
            MAIN,
            List.of("-XX:+EnableDynamicAgentLoading"),
            List.of("--port", "0"),
            Map.of(),
            true)) {
      for (int i = 0; i < 3; i++) {
        Http.post(app.port(), "/predict", GOOD_ROW);
      }
      Path config = AgentedServer.writeConfig(CONFIG);
      String output =
          run(
              List.of(
                  java,
                  "-jar",
                  AgentJar.path().toString(),
                  "attach",
                  Long.toString(app.pid()),
                  "config=" + config + ",port=0"));
      assertTrue(output.contains("Attached ModelWatch to JVM " + app.pid()), output);
      int agentPort =
          Integer.parseInt(app.awaitStderr(AgentedServer.SERVING, Duration.ofSeconds(30)));
      for (int i = 0; i < 10; i++) {
        Http.post(app.port(), "/predict", i < 2 ? SHORT_ROW : GOOD_ROW);
      }
      PlainServerAgentTest.assertExactCounts(Scrape.of(agentPort), 10, 2);
    }
  }

  @Test
  void faultsLeaveEveryOutcomeUnchangedOnTheSecondJdk() throws Exception {
    String query = "scenario=faults&calls=360";
    Map<String, String> without;
    try (ForkedServer plain =
        ForkedServer.start(
            java, Scenarios.MAIN, List.of(), List.of("--port", "0"), Map.of(), true)) {
      without = Scenarios.run(plain, query);
    }
    Path config = AgentedServer.writeConfig(Scenarios.FAULTY);
    try (ForkedServer app =
        ForkedServer.start(
            java,
            Scenarios.MAIN,
            List.of(AgentJar.javaagent("config=" + config + ",port=0")),
            List.of("--port", "0"),
            Map.of(),
            true)) {
      int agentPort =
          Integer.parseInt(app.awaitStderr(AgentedServer.SERVING, Duration.ofSeconds(30)));
      assertEquals(without, Scenarios.run(app, query));
      Scrape scrape = Scrape.of(agentPort);
      assertEquals(360, scrape.value("model_predictions_total", "model", "faults"));
      assertEquals(
          20,
          scrape.value(
              "model_prediction_errors_total",
              "model",
              "faults",
              "exception",
              "java.lang.AssertionError"));
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "transform"));
    }
  }

  @Test
  void invalidConfigLeavesTheAppServingOnTheSecondJdk() throws Exception {
    Path config = AgentedServer.writeConfig("models:\n  - name: wine\n");
    try (ForkedServer app =
        ForkedServer.start(
            java,
            MAIN,
            List.of(AgentJar.javaagent("config=" + config + ",port=0")),
            List.of("--port", "0"),
            Map.of(),
            true)) {
      app.awaitStderr("WITHOUT model monitoring", Duration.ofSeconds(30));
      assertEquals(
          FailureContainmentTest.EXPECTED_ANSWER,
          Http.post(app.port(), "/predict", GOOD_ROW).body().trim());
    }
  }

  private static int majorVersion(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    if (data.readInt() != 0xCAFEBABE) {
      throw new AssertionError("not a class file");
    }
    data.readUnsignedShort();
    return data.readUnsignedShort();
  }

  private static String run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
    assertEquals(0, process.exitValue(), command + "\n" + output);
    return output;
  }
}
