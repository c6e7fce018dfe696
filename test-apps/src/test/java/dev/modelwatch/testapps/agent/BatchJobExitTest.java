package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.startup.BatchJob;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A batch job ends when its {@code main} returns, with the agent as without it: every thread the
 * agent starts is a daemon, whatever the config. An invalid config's fallback endpoint (the agent's
 * own metrics) is served on the configured port while the job runs.
 */
class BatchJobExitTest {
  static final String MAIN = BatchJob.class.getName();
  static final String VALID =
      String.join(
          "\n",
          "server:",
          "  port: PORT",
          "  host: 127.0.0.1",
          "models:",
          "  - name: batch",
          "    intercept:",
          "      class: dev.modelwatch.testapps.startup.BatchScorer",
          "      method: score",
          "");

  /** Valid but for an unknown key in the model. */
  static final String INVALID = VALID + "    colour: red\n";

  @Test
  void withAValidConfigTheJvmExitsWhenMainReturns() throws Exception {
    try (ForkedServer job = start(VALID.replace("PORT", "0"), List.of("25"))) {
      assertExitsWithin2sOfReturning(job);
      assertFalse(job.stderr().contains("ERROR"), job.stderr());
    }
  }

  @Test
  void withAnInvalidConfigTheJvmExitsWhenMainReturns() throws Exception {
    try (ForkedServer job = start(INVALID.replace("PORT", "0"), List.of("25"))) {
      assertExitsWithin2sOfReturning(job);
      assertTrue(job.stderr().contains("WITHOUT model monitoring"), job.stderr());
    }
  }

  @Test
  void anInvalidConfigServesTheAgentsOwnMetricsOnTheConfiguredPortUntilMainReturns()
      throws Exception {
    int port = freePort();
    try (ForkedServer job =
        start(INVALID.replace("PORT", Integer.toString(port)), List.of("25", "--wait-for-line"))) {
      String served =
          job.awaitStderr(
              "serving only the agent's own metrics at (http://[^ ]+/metrics)",
              Duration.ofSeconds(60));
      assertEquals("http://127.0.0.1:" + port + "/metrics", served);
      Scrape scrape = Scrape.of(port);
      assertEquals(1, scrape.value("modelwatch_agent_errors_total", "stage", "config"));
      job.awaitStdout("SCORED 25", Duration.ofSeconds(60));
      job.sendLine("return");
      assertExitsWithin2sOfReturning(job);
    }
  }

  private static ForkedServer start(String yaml, List<String> args) throws Exception {
    Path config = AgentedServer.writeConfig(yaml);
    return ForkedServer.start(
        ForkedServer.javaExecutable(),
        MAIN,
        List.of(AgentJar.javaagent("config=" + config)),
        args,
        Map.of(),
        false);
  }

  /** Waits for the job's last line, then gives the JVM 2 s to end. */
  private static void assertExitsWithin2sOfReturning(ForkedServer job) throws Exception {
    job.awaitStdout("RETURNING", Duration.ofSeconds(60));
    boolean exited = job.process().waitFor(2, TimeUnit.SECONDS);
    assertTrue(exited, "the JVM is still running 2 s after main returned\n" + job.stderr());
    assertEquals(0, job.process().exitValue(), job.stderr());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
