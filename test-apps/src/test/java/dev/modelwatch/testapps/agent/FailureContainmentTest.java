package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.CONFIG;
import static dev.modelwatch.testapps.agent.PlainServerAgentTest.GOOD_ROW;
import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every way the agent can fail leaves the application serving, and says so clearly. */
class FailureContainmentTest {
  /**
   * The answer the model gives without any agent, computed by the test from the model's formula.
   */
  static final String EXPECTED_ANSWER = expectedAnswer();

  @Test
  void invalidConfigListsEveryProblemAndTheAppRunsUninstrumented() throws Exception {
    String invalid =
        String.join(
            "\n",
            "server:",
            "  prot: 9464",
            "models:",
            "  - name: wine",
            "    intercept:",
            "      class: dev.modelwatch.testapps.plain.LinearWineModel",
            "      methd: predict",
            "");
    try (AgentedServer app = AgentedServer.start(MAIN, invalid, List.of("--port", "0"))) {
      String log = app.server().stderr();
      assertTrue(log.contains("WITHOUT model monitoring"), log);
      assertTrue(log.contains("server.prot"), log);
      assertTrue(log.contains("did you mean 'port'"), log);
      assertTrue(log.contains("models[0].intercept.methd"), log);
      assertTrue(log.contains("models[0].intercept.method: required"), log);
      assertTrue(log.contains("check-config"), log);
      for (int i = 0; i < 5; i++) {
        HttpResponse<String> response = Http.post(app.appPort(), "/predict", GOOD_ROW);
        assertEquals(200, response.statusCode());
        assertEquals(EXPECTED_ANSWER, response.body().trim());
      }
      Scrape scrape = app.scrape();
      assertEquals(1, scrape.value("modelwatch_agent_errors_total", "stage", "config"));
      assertFalse(scrape.hasMetric("model_predictions_total"));
    }
  }

  @Test
  void invalidConfigWithStrictStopsTheJvmWithTheMessage() throws Exception {
    Path config = AgentedServer.writeConfig("strict: true\nmodels:\n  - name: wine\n");
    try (ForkedServer jvm =
        ForkedServer.start(
            ForkedServer.javaExecutable(),
            MAIN,
            List.of(AgentJar.javaagent("config=" + config + ",port=0")),
            List.of("--port", "0"),
            Map.of(),
            false)) {
      assertTrue(jvm.process().waitFor(60, TimeUnit.SECONDS), "the JVM should exit");
      assertEquals(78, jvm.process().exitValue());
      String log = jvm.stderr();
      assertTrue(log.contains("strict: true"), log);
      assertTrue(log.contains("models[0].intercept: required"), log);
      assertFalse(jvm.stdout().contains("LISTENING"));
    }
  }

  @Test
  void takenPortIsNamedWithTheOptionToChangeItAndTheAppRunsOn() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      int port = taken.getLocalPort();
      Path config = AgentedServer.writeConfig(CONFIG.replace("port: 9464", "port: " + port));
      try (ForkedServer app =
          ForkedServer.start(
              MAIN,
              List.of(AgentJar.javaagent("config=" + config)),
              List.of("--port", "0"),
              Map.of())) {
        String message =
            app.awaitStderr("(cannot serve metrics on [^\\n]*)", Duration.ofSeconds(30));
        assertTrue(message.contains(":" + port), message);
        assertTrue(message.contains("server.port"), message);
        assertTrue(message.contains("port=N"), message);
        HttpResponse<String> response = Http.post(app.port(), "/predict", GOOD_ROW);
        assertEquals(200, response.statusCode());
        assertEquals(EXPECTED_ANSWER, response.body().trim());
      }
    }
  }

  @Test
  void aConfiguredClassThatNeverLoadsIsNamedInAWarningAfterStartUp() throws Exception {
    String config =
        CONFIG.replace("server:", "startup_check: 2s\nserver:")
            + "  - name: missing\n    intercept: {class: com.acme.NeverLoaded, method: score}\n";
    try (AgentedServer app = AgentedServer.start(MAIN, config, List.of("--port", "0"))) {
      Http.post(app.appPort(), "/predict", GOOD_ROW);
      String warning =
          app.server()
              .awaitStderr("(WARN [^\\n]*com\\.acme\\.NeverLoaded[^\\n]*)", Duration.ofSeconds(30));
      assertTrue(warning.contains("'missing'"), warning);
      assertTrue(warning.contains("has not been loaded"), warning);
      assertFalse(
          app.server()
              .stderr()
              .contains(
                  "'wine' (dev.modelwatch.testapps.plain.LinearWineModel#predict(float[])): nothing instrumented"));
      assertEquals(1, app.scrape().value("model_predictions_total", "model", "wine"));
    }
  }

  @Test
  void anExceptionInsideTheAgentIsSwallowedCountedAndLoggedOnce() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            CONFIG,
            List.of("--port", "0"),
            List.of("-Dmodelwatch.selftest.fail=exit"),
            Map.of())) {
      int calls = 25;
      for (int i = 0; i < calls; i++) {
        HttpResponse<String> response = Http.post(app.appPort(), "/predict", GOOD_ROW);
        assertEquals(200, response.statusCode());
        assertEquals(EXPECTED_ANSWER, response.body().trim());
      }
      Scrape scrape = app.scrape();
      assertEquals(calls, scrape.value("modelwatch_agent_errors_total", "stage", "exit"));
      String log = app.server().stderr();
      int logged = log.split("internal error at stage 'exit'", -1).length - 1;
      assertEquals(1, logged, log);
    }
  }

  @Test
  void configFileFromTheEnvironmentWhenTheArgumentsNameNone() throws Exception {
    Path config = AgentedServer.writeConfig(CONFIG.replace("port: 9464", "port: 0"));
    try (AgentedServer app =
        AgentedServer.startWith(
            MAIN,
            List.of(AgentJar.javaagent(null)),
            List.of("--port", "0"),
            Map.of("MODELWATCH_CONFIG", config.toString()))) {
      Http.post(app.appPort(), "/predict", GOOD_ROW);
      assertEquals(1, app.scrape().value("model_predictions_total", "model", "wine"));
    }
  }

  private static String expectedAnswer() {
    float[] row = {7.4f, 0.7f, 0f, 1.9f, 0.076f, 11f, 34f, 0.9978f, 3.51f, 0.56f, 9.4f, 0f};
    float[] weights = {
      0.02f, -1.1f, 0.2f, 0.01f, -1.5f, 0.004f, -0.003f, -10f, -0.4f, 0.9f, 0.3f, 0.1f
    };
    float score = 12.0f;
    for (int i = 0; i < row.length; i++) {
      score += weights[i] * row[i];
    }
    return Float.toString(score);
  }
}
