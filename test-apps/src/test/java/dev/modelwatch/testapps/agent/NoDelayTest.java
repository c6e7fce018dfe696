package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.startup.NoDelayProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The agent's endpoint sets {@code TCP_NODELAY} on its connections, so the last piece of a scrape
 * does not wait for the client's delayed acknowledgement (up to 40 ms, on one scrape in six or more
 * of 30 models x 50 features). The JDK's server reads the switch from a system property once per
 * JVM; the agent sets it only while creating its server and leaves an application's own value
 * alone. The real agent jar, in a JVM of its own without the flag the other forked tests pass.
 */
class NoDelayTest {
  private static final String CONFIG =
      String.join(
          "\n",
          "server: {port: 0, host: 127.0.0.1}",
          "models:",
          "  - name: batch",
          "    intercept: {class: dev.modelwatch.testapps.startup.BatchScorer, method: score}",
          "");

  @Test
  void theAgentsServerSetsNoDelayAndLeavesThePropertyUnset() throws Exception {
    assertEquals("NODELAY true PROPERTY null", probe(List.of()));
  }

  @Test
  void anApplicationsOwnValueStands() throws Exception {
    assertEquals(
        "NODELAY false PROPERTY false", probe(List.of("-Dsun.net.httpserver.nodelay=false")));
  }

  private static String probe(List<String> jvmArgs) throws Exception {
    Path config = AgentedServer.writeConfig(CONFIG);
    List<String> command = new ArrayList<>();
    command.add(ForkedServer.javaExecutable());
    command.add("-cp");
    command.add(ForkedServer.classPath(ForkedServer.moduleDir()));
    command.add("--add-opens");
    command.add("jdk.httpserver/sun.net.httpserver=ALL-UNNAMED");
    command.add(AgentJar.javaagent("config=" + config));
    command.addAll(jvmArgs);
    command.add(NoDelayProbe.class.getName());
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the probe did not end");
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return out.lines()
          .filter(line -> line.startsWith("NODELAY") || line.startsWith("NO SERVER"))
          .findFirst()
          .orElseThrow(() -> new IOException("no probe line in:\n" + out));
    } finally {
      process.destroyForcibly();
    }
  }
}
