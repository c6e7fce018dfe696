package dev.modelwatch.testapps.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.agent.Http;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code ./demo.sh} as a newcomer runs it, with short phases: it makes the baseline, starts the
 * server with the agent (and Prometheus when installed), serves the page, and on Ctrl-C (SIGINT)
 * stops every process it started and removes its work directory.
 */
class DemoScriptTest {

  @Test
  void demoServesThePageAndLeavesNoProcessBehindOnCtrlC() throws Exception {
    Path root = ForkedServer.moduleDir().getParent();
    int appPort = freePort();
    int agentPort = freePort();
    Path output = Files.createDirectories(ForkedServer.moduleDir().resolve("target").resolve("page"))
        .resolve("demo-output.txt");
    ProcessBuilder builder = new ProcessBuilder("bash", root.resolve("demo.sh").toString())
        .directory(root.toFile()).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().putAll(Map.of("APP_PORT", Integer.toString(appPort), "AGENT_PORT",
        Integer.toString(agentPort), "PHASE_SECONDS", "4", "RATE", "200"));
    Process demo = builder.start();
    try {
      String text = await(demo, output, "== phase: 2/4", 90);
      assertTrue(text.contains("Wrote "), text);
      assertTrue(text.contains("20000 rows read"), "the baseline command reports its progress:\n" + text);
      assertTrue(text.contains("http://localhost:" + agentPort + "/ "), text);

      HttpResponse<String> page = Http.get(agentPort, "/", Map.of());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("data-feature=\"alcohol\""), page.body());
      assertEquals(200, Http.get(agentPort, "/api/models", Map.of()).statusCode());

      List<ProcessHandle> children = demo.toHandle().descendants().collect(Collectors.toList());
      String commands = children.stream().map(DemoScriptTest::commandLine).collect(Collectors.joining("\n"));
      assertTrue(commands.contains("PlainModelServer"), commands);
      assertTrue(commands.contains("TrafficGenerator"), commands);
      boolean prometheus = text.contains("== Prometheus on :");
      if (prometheus) {
        assertTrue(children.stream().anyMatch(p -> p.info().command().orElse("").endsWith("prometheus")), commands);
      }

      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor());
      assertTrue(demo.waitFor(30, TimeUnit.SECONDS), "demo.sh did not stop within 30 s of SIGINT:\n" + read(output));
      assertEquals(130, demo.exitValue(), read(output));
      text = read(output);
      assertTrue(text.contains("== stopping ==") && text.trim().endsWith("stopped"), text);
      for (ProcessHandle child : children) {
        child.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(child.isAlive(), "still running after the demo stopped: " + child.info().commandLine().orElse("?"));
      }
      assertFalse(listening(agentPort), "the agent's port is closed");
      assertFalse(listening(appPort), "the model server's port is closed");
      Matcher work = Pattern.compile("work directory (\\S+)\\)").matcher(text);
      assertTrue(work.find(), text);
      assertFalse(Files.exists(Path.of(work.group(1))), "the work directory is removed");
    } finally {
      if (demo.isAlive()) {
        demo.descendants().forEach(ProcessHandle::destroyForcibly);
        demo.destroyForcibly();
      }
    }
  }

  private static String await(Process demo, Path output, String marker, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      String text = read(output);
      if (text.contains(marker)) {
        return text;
      }
      if (!demo.isAlive()) {
        fail("demo.sh exited with " + demo.exitValue() + " before '" + marker + "':\n" + text);
      }
      Thread.sleep(200);
    }
    fail("demo.sh printed no '" + marker + "' within " + seconds + " s:\n" + read(output));
    return null;
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The whole command line of a process: from {@code /proc} where there is one, since {@code
   * ProcessHandle.Info.commandLine()} is cut short on Linux (a long class path hides the main class).
   */
  static String commandLine(ProcessHandle process) {
    java.nio.file.Path cmdline = java.nio.file.Paths.get("/proc", Long.toString(process.pid()), "cmdline");
    try {
      byte[] bytes = java.nio.file.Files.readAllBytes(cmdline);
      if (bytes.length > 0) {
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ').trim();
      }
    } catch (java.io.IOException | RuntimeException e) {
      // no /proc, or the process has ended
    }
    return process.info().commandLine().orElse("?");
  }
}
