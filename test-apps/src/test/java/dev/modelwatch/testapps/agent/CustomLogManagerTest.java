package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.startup.AppLogManager;
import dev.modelwatch.testapps.startup.LoggingSetupApp;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * An application that installs its own {@code java.util.logging} log manager in {@code main}, as
 * Quarkus (JBoss LogManager) and WildFly do: the agent, started before {@code main} or attached
 * before the application sets it up, must not have initialised JUL by then, with everything it
 * starts beside the application up and scraped (JVM metrics, both exposition formats).
 */
class CustomLogManagerTest {
  static final String MAIN = LoggingSetupApp.class.getName();
  static final String CONFIG =
      String.join(
          "\n",
          "server:",
          "  port: 0",
          "  host: 127.0.0.1",
          "models:",
          "  - name: batch",
          "    intercept:",
          "      class: dev.modelwatch.testapps.startup.BatchScorer",
          "      method: score",
          "");
  static final int CALLS = 40;
  static final String PROTOBUF =
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited";

  @Test
  void theApplicationsLogManagerIsInstalledWithTheAgentOnTheCommandLine() throws Exception {
    Path config = AgentedServer.writeConfig(CONFIG);
    try (ForkedServer app =
        ForkedServer.start(
            ForkedServer.javaExecutable(),
            MAIN,
            List.of(AgentJar.javaagent("config=" + config)),
            List.of(Integer.toString(CALLS)),
            Map.of(),
            false)) {
      int agentPort = awaitAgentScraped(app);
      assertTheApplicationsLogManagerAndExactCounts(app, agentPort);
    }
  }

  @Test
  void theApplicationsLogManagerIsInstalledWithTheAgentAttachedBeforeItsSetUp() throws Exception {
    try (ForkedServer app =
        ForkedServer.start(
            ForkedServer.javaExecutable(),
            MAIN,
            List.of("-XX:+EnableDynamicAgentLoading"),
            List.of(Integer.toString(CALLS)),
            Map.of(),
            false)) {
      app.awaitStdout("WAITING", Duration.ofSeconds(60));
      Path config = AgentedServer.writeConfig(CONFIG);
      Process attach =
          new ProcessBuilder(
                  ForkedServer.javaExecutable(),
                  "-jar",
                  AgentJar.path().toString(),
                  "attach",
                  Long.toString(app.pid()),
                  "config=" + config)
              .redirectErrorStream(true)
              .start();
      String output = new String(attach.getInputStream().readAllBytes());
      assertTrue(attach.waitFor(60, TimeUnit.SECONDS));
      assertEquals(0, attach.exitValue(), output);
      int agentPort = awaitAgentScraped(app);
      assertTheApplicationsLogManagerAndExactCounts(app, agentPort);
    }
  }

  /** Waits for the endpoint, then scrapes it in text and protobuf, JVM metrics included. */
  private static int awaitAgentScraped(ForkedServer app) throws Exception {
    int agentPort =
        Integer.parseInt(app.awaitStderr(AgentedServer.SERVING, Duration.ofSeconds(60)));
    Scrape scrape = Scrape.of(agentPort);
    assertTrue(scrape.hasMetric("jvm_memory_used_bytes"), scrape.text());
    assertEquals(0, scrape.value("model_predictions_total", "model", "batch"));
    HttpResponse<String> protobuf = Http.get(agentPort, "/metrics", Map.of("Accept", PROTOBUF));
    assertEquals(200, protobuf.statusCode());
    assertTrue(
        protobuf
            .headers()
            .firstValue("Content-Type")
            .orElse("")
            .startsWith("application/vnd.google.protobuf"),
        protobuf.headers().toString());
    return agentPort;
  }

  private static void assertTheApplicationsLogManagerAndExactCounts(ForkedServer app, int agentPort)
      throws Exception {
    app.sendLine("set up logging");
    assertEquals(Integer.toString(CALLS), app.awaitStdout("SCORED (\\d+)", Duration.ofSeconds(60)));
    assertTrue(
        app.stdout().contains("LOGMANAGER " + AppLogManager.class.getName()),
        app.stdout() + app.stderr());
    assertFalse(app.stderr().contains("LogManager accessed before"), app.stderr());
    assertEquals(CALLS, Scrape.of(agentPort).value("model_predictions_total", "model", "batch"));
    app.sendLine("done");
    assertTrue(app.process().waitFor(30, TimeUnit.SECONDS), "the application should return");
    assertEquals(0, app.process().exitValue(), app.stderr());
  }
}
