package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.CONFIG;
import static dev.modelwatch.testapps.agent.PlainServerAgentTest.GOOD_ROW;
import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static dev.modelwatch.testapps.agent.PlainServerAgentTest.SHORT_ROW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar modelwatch-agent.jar attach PID config=...} on a server that is already running.
 */
class AttachTest {
  @Test
  void attachesToARunningJvmAndInstrumentsClassesLoadedBeforeIt() throws Exception {
    try (ForkedServer app =
        ForkedServer.start(
            MAIN, List.of("-XX:+EnableDynamicAgentLoading"), List.of("--port", "0"), Map.of())) {
      for (int i = 0; i < 5; i++) { // loads and runs the model class before the agent exists
        assertEquals(200, Http.post(app.port(), "/predict", GOOD_ROW).statusCode());
      }
      Path config = AgentedServer.writeConfig(CONFIG);
      Process attach =
          new ProcessBuilder(
                  ForkedServer.javaExecutable(),
                  "-jar",
                  AgentJar.path().toString(),
                  "attach",
                  Long.toString(app.pid()),
                  "config=" + config + ",port=0")
              .redirectErrorStream(true)
              .start();
      String output = new String(attach.getInputStream().readAllBytes());
      assertTrue(attach.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, attach.exitValue(), output);
      assertTrue(output.contains("Attached ModelWatch to JVM " + app.pid()), output);

      int agentPort =
          Integer.parseInt(app.awaitStderr(AgentedServer.SERVING, Duration.ofSeconds(30)));
      for (int i = 0; i < 10; i++) {
        Http.post(app.port(), "/predict", i < 3 ? SHORT_ROW : GOOD_ROW);
      }
      PlainServerAgentTest.assertExactCounts(Scrape.of(agentPort), 10, 3);
    }
  }

  @Test
  void attachingToAJvmWhoseAgentIsRunningReportsWhatTheTargetSaidAndFails() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            CONFIG,
            List.of("--port", "0"),
            List.of("-XX:+EnableDynamicAgentLoading"),
            Map.of())) {
      String firstConfig =
          app.server().awaitStderr("watching 1 model\\(s\\) from (\\S+)", Duration.ofSeconds(30));
      Path secondConfig = AgentedServer.writeConfig(CONFIG);
      Process attach =
          new ProcessBuilder(
                  ForkedServer.javaExecutable(),
                  "-jar",
                  AgentJar.path().toString(),
                  "attach",
                  Long.toString(app.server().pid()),
                  "config=" + secondConfig + ",port=0")
              .redirectErrorStream(true)
              .start();
      String output = new String(attach.getInputStream().readAllBytes());
      assertTrue(attach.waitFor(60, TimeUnit.SECONDS));
      assertEquals(1, attach.exitValue(), output);
      assertTrue(
          output.contains(
              "ModelWatch is already running in JVM "
                  + app.server().pid()
                  + " (started by -javaagent with config="
                  + firstConfig
                  + ",port=0)"),
          output);
      assertTrue(
          output.contains("it was not started again with config=" + secondConfig + ",port=0"),
          output);
      assertFalse(output.contains("Attached ModelWatch"), output);

      // the agent in force still counts with its own config
      for (int i = 0; i < 4; i++) {
        Http.post(app.appPort(), "/predict", i < 1 ? SHORT_ROW : GOOD_ROW);
      }
      PlainServerAgentTest.assertExactCounts(app.scrape(), 4, 1);
    }
  }

  @Test
  void attachToAProcessThatIsNotAJvmSaysWhatIsWrong() throws Exception {
    Process attach =
        new ProcessBuilder(
                ForkedServer.javaExecutable(),
                "-jar",
                AgentJar.path().toString(),
                "attach",
                "999999999")
            .redirectErrorStream(true)
            .start();
    String output = new String(attach.getInputStream().readAllBytes());
    assertTrue(attach.waitFor(60, TimeUnit.SECONDS));
    assertEquals(1, attach.exitValue(), output);
    assertTrue(output.contains("Cannot attach to JVM 999999999"), output);
  }
}
