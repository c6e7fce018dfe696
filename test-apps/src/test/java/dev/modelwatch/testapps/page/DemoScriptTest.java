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
 * stops every process it started and removes its work directory. With phases as long as the drift
 * window, each phase's outcome is what the demo promises, and its console, the page's data and
 * Prometheus' alerts agree.
 */
class DemoScriptTest {

  @Test
  void demoServesThePageAndLeavesNoProcessBehindOnCtrlC() throws Exception {
    Path root = ForkedServer.moduleDir().getParent();
    int appPort = freePort();
    int agentPort = freePort();
    Path output =
        Files.createDirectories(ForkedServer.moduleDir().resolve("target").resolve("page"))
            .resolve("demo-output.txt");
    ProcessBuilder builder =
        new ProcessBuilder("bash", root.resolve("demo.sh").toString())
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "APP_PORT",
                Integer.toString(appPort),
                "AGENT_PORT",
                Integer.toString(agentPort),
                "PHASE_SECONDS",
                "4",
                "RATE",
                "200"));
    Process demo = builder.start();
    try {
      String text = await(demo, output, "== phase: 2/4", 90);
      assertTrue(text.contains("Wrote "), text);
      assertTrue(
          text.contains("20000 rows read"), "the baseline command reports its progress:\n" + text);
      assertTrue(text.contains("http://localhost:" + agentPort + "/ "), text);

      HttpResponse<String> page = Http.get(agentPort, "/", Map.of());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("data-feature=\"alcohol\""), page.body());
      assertEquals(200, Http.get(agentPort, "/api/models", Map.of()).statusCode());

      List<ProcessHandle> children = demo.toHandle().descendants().collect(Collectors.toList());
      String commands =
          children.stream().map(DemoScriptTest::commandLine).collect(Collectors.joining("\n"));
      assertTrue(commands.contains("PlainModelServer"), commands);
      assertTrue(commands.contains("TrafficGenerator"), commands);
      boolean prometheus = text.contains("== Prometheus on :");
      if (prometheus) {
        assertTrue(
            children.stream().anyMatch(p -> p.info().command().orElse("").endsWith("prometheus")),
            commands);
      }

      Process kill =
          new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor());
      assertTrue(
          demo.waitFor(30, TimeUnit.SECONDS),
          "demo.sh did not stop within 30 s of SIGINT:\n" + read(output));
      assertEquals(130, demo.exitValue(), read(output));
      text = read(output);
      assertTrue(text.contains("== stopping ==") && text.trim().endsWith("stopped"), text);
      for (ProcessHandle child : children) {
        child.onExit().get(10, TimeUnit.SECONDS);
        assertFalse(
            child.isAlive(),
            "still running after the demo stopped: " + child.info().commandLine().orElse("?"));
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

  /** The console line the demo prints at the end of a phase: the verdicts of /metrics. */
  static final Pattern END_OF_PHASE =
      Pattern.compile(
          "end of phase (\\d)/4: (\\d+) values in the window; drift: ([^;]*); warning: (.*)");

  static final int PHASE_SECONDS = 20;

  /**
   * Phases of 20 s at 300 rows/s with a 20-second drift window, so that at the end of each phase
   * the window holds that phase's rows only. At each phase's end the demo's console line, {@code
   * /api/models} and the page must show: phase 1 no warning or drift and no red value; phase 2
   * drift on exactly alcohol, pH and the output; phase 3 (prior drift, 80% high-quality wines)
   * drift on exactly the output and the two features the quality depends on most, alcohol
   * (correlation 0.82 with the quality score) and volatile acidity (-0.46); phase 4 no warning or
   * drift. With Prometheus, its drift alerts are silent after phase 1, include exactly alcohol and
   * pH (ModelFeatureDriftCritical) after phase 2, and are all gone once the window has emptied
   * after phase 4.
   */
  @Test
  void eachPhaseShowsWhatItPromisesAndConsolePageAndAlertsAgree() throws Exception {
    Path root = ForkedServer.moduleDir().getParent();
    int appPort = freePort();
    int agentPort = freePort();
    Path output =
        Files.createDirectories(ForkedServer.moduleDir().resolve("target").resolve("page"))
            .resolve("demo-phases-output.txt");
    ProcessBuilder builder =
        new ProcessBuilder("bash", root.resolve("demo.sh").toString())
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    builder
        .environment()
        .putAll(
            Map.of(
                "APP_PORT",
                Integer.toString(appPort),
                "AGENT_PORT",
                Integer.toString(agentPort),
                "PHASE_SECONDS",
                Integer.toString(PHASE_SECONDS),
                "RATE",
                "300",
                "DRIFT_WINDOW",
                PHASE_SECONDS + "s"));
    Process demo = builder.start();
    List<String> problems = new java.util.ArrayList<>();
    try {
      String out = await(demo, output, "== phase: 1/4", 120);
      Matcher prom = Pattern.compile("== Prometheus on :(\\d+)").matcher(out);
      Integer promPort = prom.find() ? Integer.valueOf(prom.group(1)) : null;
      List<java.util.Set<String>> expectedDrift =
          List.of(
              java.util.Set.of(),
              java.util.Set.of("alcohol", "pH", "predicted_quality (output)"),
              java.util.Set.of("alcohol", "volatile_acidity", "predicted_quality (output)"),
              java.util.Set.of());
      for (int phase = 1; phase <= 4; phase++) {
        String text = await(demo, output, "end of phase " + phase + "/4: ", 120);
        // the page's data at once, before the next phase's rows weigh in the window
        Map<String, java.util.Set<String>> page = pageVerdicts(agentPort);
        String html = Http.get(agentPort, "/", Map.of()).body();
        Matcher line =
            END_OF_PHASE.matcher(text.substring(text.indexOf("end of phase " + phase + "/4: ")));
        assertTrue(line.find(), text);
        java.util.Set<String> drift = names(line.group(3));
        java.util.Set<String> warning = names(line.group(4));
        String where = "phase " + phase + " (" + line.group(0) + "): ";
        if (!drift.equals(page.get("drift")) || !warning.equals(page.get("warning"))) {
          problems.add(where + "console and /api/models differ: " + page);
        }
        if (!expectedDrift.get(phase - 1).equals(drift)) {
          problems.add(where + "drift on " + drift + ", expected " + expectedDrift.get(phase - 1));
        }
        if (!warning.isEmpty()) {
          problems.add(where + "warnings on " + warning);
        }
        if (phase == 1 || phase == 4) {
          for (String red :
              List.of(
                  "class=\"status drift\"",
                  "class=\"status warning\"",
                  "class=\"stat drift\"",
                  "class=\"stat warning\"",
                  "pvalue significant")) {
            if (html.contains(red)) {
              problems.add(where + "the page shows " + red);
            }
          }
        }
        if (promPort != null && phase == 1 && !driftAlerts(promPort).isEmpty()) {
          problems.add(where + "drift alerts: " + driftAlerts(promPort));
        }
        if (promPort != null && phase == 2) {
          java.util.Set<String> critical = new java.util.TreeSet<>();
          java.util.Set<String> others = new java.util.TreeSet<>();
          java.util.Set<String> outputs = new java.util.TreeSet<>();
          for (Map<String, String> alert : driftAlerts(promPort)) {
            if ("ModelFeatureDriftCritical".equals(alert.get("alertname"))) {
              critical.add(alert.get("feature"));
            } else if ("ModelPredictionDrift".equals(alert.get("alertname"))) {
              outputs.add(alert.get("output"));
            } else {
              others.add(alert.get("feature"));
            }
          }
          if (!critical.equals(java.util.Set.of("alcohol", "pH"))) {
            problems.add(where + "ModelFeatureDriftCritical pending or firing for " + critical);
          }
          if (!outputs.equals(java.util.Set.of("predicted_quality"))) {
            problems.add(where + "ModelPredictionDrift pending or firing for " + outputs);
          }
          if (!java.util.Set.of("alcohol", "pH").containsAll(others)) {
            problems.add(where + "warning or fleet drift alerts for " + others);
          }
        }
      }
      if (promPort != null) {
        // no traffic after phase 4: the window empties, the drift series go, and so do the alerts
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3L * PHASE_SECONDS + 30);
        while (!driftAlerts(promPort).isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(500);
        }
        if (!driftAlerts(promPort).isEmpty()) {
          problems.add("after phase 4: drift alerts still active: " + driftAlerts(promPort));
        }
      }
      assertEquals(List.of(), problems, read(output));
    } finally {
      if (demo.isAlive()) {
        new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).inheritIO().start().waitFor();
        if (!demo.waitFor(30, TimeUnit.SECONDS)) {
          demo.descendants().forEach(ProcessHandle::destroyForcibly);
          demo.destroyForcibly();
        }
      }
    }
  }

  private static java.util.Set<String> names(String list) {
    java.util.Set<String> names = new java.util.TreeSet<>();
    if (!list.trim().equals("none")) {
      for (String name : list.split(", ")) {
        names.add(name.trim());
      }
    }
    return names;
  }

  /**
   * "drift" and "warning" to the columns with that status in /api/models, outputs marked as the
   * console does.
   */
  @SuppressWarnings("unchecked")
  private static Map<String, java.util.Set<String>> pageVerdicts(int agentPort) throws Exception {
    Map<String, Object> json =
        (Map<String, Object>) Json.parse(Http.get(agentPort, "/api/models", Map.of()).body());
    Map<String, java.util.Set<String>> verdicts =
        Map.of("drift", new java.util.TreeSet<>(), "warning", new java.util.TreeSet<>());
    for (Object model : (List<Object>) json.get("models")) {
      for (Object c : (List<Object>) ((Map<String, Object>) model).get("columns")) {
        Map<String, Object> column = (Map<String, Object>) c;
        java.util.Set<String> set = verdicts.get((String) column.get("status"));
        if (set != null) {
          set.add(column.get("name") + ("output".equals(column.get("role")) ? " (output)" : ""));
        }
      }
    }
    return verdicts;
  }

  /** The labels of Prometheus' active (pending or firing) drift alerts. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, String>> driftAlerts(int promPort) throws Exception {
    HttpResponse<String> response = Http.get(promPort, "/api/v1/alerts", Map.of());
    Map<String, Object> body = (Map<String, Object>) Json.parse(response.body());
    List<Map<String, String>> alerts = new java.util.ArrayList<>();
    for (Object alert : (List<Object>) ((Map<String, Object>) body.get("data")).get("alerts")) {
      Map<String, String> labels =
          (Map<String, String>) ((Map<String, Object>) alert).get("labels");
      String name = labels.getOrDefault("alertname", "");
      if (name.contains("Drift")) {
        alerts.add(labels);
      }
    }
    return alerts;
  }

  private static String await(Process demo, Path output, String marker, int seconds)
      throws Exception {
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
   * ProcessHandle.Info.commandLine()} is cut short on Linux (a long class path hides the main
   * class).
   */
  static String commandLine(ProcessHandle process) {
    java.nio.file.Path cmdline =
        java.nio.file.Paths.get("/proc", Long.toString(process.pid()), "cmdline");
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
