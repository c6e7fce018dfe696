package dev.modelwatch.benchmarks.footprint;

import dev.modelwatch.benchmarks.AgentConfigs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up time and retained heap of the agent, each measured in fresh JVMs with and without it:
 *
 * <ul>
 *   <li>the test apps' plain model server: milliseconds from process start to its {@code LISTENING}
 *       line, and the agent's own {@code ready in N ms} (premain start to instrumentation
 *       installed) and {@code endpoint up after N ms};
 *   <li>30 models x 50 features ({@link HeapProbe}): heap in use after full collections, and the
 *       agent's {@code ready in} for that config.
 * </ul>
 *
 * <p>Usage: {@code StartupFootprint --agent-jar JAR --app-classpath CP --runs N --out FILE}; the
 * benchmark class path is this JVM's.
 */
public final class StartupFootprint {
  private static final Pattern READY =
      Pattern.compile("ready in (\\d+) ms(?:; endpoint up after (\\d+) ms)?");

  private StartupFootprint() {}

  public static void main(String[] args) throws Exception {
    Path agentJar = null;
    String appClasspath = null;
    int runs = 5;
    Path out = Paths.get("benchmarks/results/startup-footprint.md");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--agent-jar":
          agentJar = Paths.get(args[++i]).toAbsolutePath();
          break;
        case "--app-classpath":
          appClasspath = args[++i];
          break;
        case "--runs":
          runs = Integer.parseInt(args[++i]);
          break;
        case "--out":
          out = Paths.get(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("modelwatch-startup-");
    Path serverConfig = AgentConfigs.write(dir, "plain-server.yaml", plainServerConfig());
    List<String> report = new ArrayList<>();
    report.add(
        String.format(
            Locale.ROOT,
            "JDK %s, %d cores, %d runs each, medians (all runs in brackets)",
            System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(),
            runs));
    report.add("");
    report.add("| measurement | without agent | with agent | agent adds |");
    report.add("|---|---:|---:|---:|");

    List<Long> plain = new ArrayList<>();
    List<Long> agented = new ArrayList<>();
    List<Long> ready = new ArrayList<>();
    List<Long> endpointUp = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      plain.add(timeToListening(appClasspath, null, null)[0]);
      long[] withAgent =
          timeToListening(
              appClasspath,
              "-javaagent:" + agentJar + "=config=" + serverConfig + ",port=0",
              ready);
      agented.add(withAgent[0]);
      if (withAgent[1] >= 0) {
        endpointUp.add(withAgent[1]);
      }
    }
    report.add(row("plain model server: process start to LISTENING (ms)", plain, agented));
    report.add(
        String.format(
            Locale.ROOT,
            "| agent premain to instrumentation installed, `ready in` (ms) | | %d %s | |",
            median(ready),
            ready));
    if (!endpointUp.isEmpty()) {
      report.add(
          String.format(
              Locale.ROOT,
              "| agent premain to metrics endpoint up (ms) | | %d %s | |",
              median(endpointUp),
              endpointUp));
    }

    int port = freePort();
    Path wideConfig =
        AgentConfigs.write(dir, "wide-30x50.yaml", AgentConfigs.wideWithBaselines(port, dir));
    List<Long> heapWithout = new ArrayList<>();
    List<Long> heapWith = new ArrayList<>();
    List<Long> wideReady = new ArrayList<>();
    List<String> scrapes = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      heapWithout.add(heapUsed(null, null, null, null));
      heapWith.add(
          heapUsed(
              "-javaagent:" + agentJar + "=config=" + wideConfig,
              String.valueOf(port),
              wideReady,
              scrapes));
    }
    report.add(
        row(
            "heap in use after full GC, 30 models x 50 features with baselines, 2 threads (KiB)",
            kib(heapWithout),
            kib(heapWith)));
    report.add(
        String.format(
            Locale.ROOT,
            "| agent `ready in` with 30 models x 50 features with baselines (ms) | | %d %s | |",
            median(wideReady),
            wideReady));
    report.add(
        "| scrape of 30 x 50 with baselines (drift and baseline series too) in an otherwise idle process, median of 10 per run: wall ms / process CPU ms / bytes | | "
            + String.join("; ", scrapes)
            + " | |");
    Path modelsConfig =
        AgentConfigs.write(dir, "models.yaml", AgentConfigs.models(freePort(), 1.0));
    String javaagent = "-javaagent:" + agentJar + "=config=" + modelsConfig;
    // with escape analysis off every allocation is counted, so the difference is the agent's alone
    for (String escapeAnalysis : List.of("-XX:+DoEscapeAnalysis", "-XX:-DoEscapeAnalysis")) {
      String[] without = callerBytes(escapeAnalysis, null);
      String[] with = callerBytes(escapeAnalysis, javaagent);
      String when = escapeAnalysis.startsWith("-XX:-") ? ", escape analysis off" : "";
      report.add(
          String.format(
              Locale.ROOT,
              "| bytes allocated per call by the calling thread, linear model, float[]%s | %s | %s | |",
              when,
              without[0],
              with[0]));
      report.add(
          String.format(
              Locale.ROOT,
              "| bytes allocated per call by the calling thread, Tribuo predict(Example), 11 features + output (preset)%s | %s | %s | |",
              when,
              without[1],
              with[1]));
      report.add(
          String.format(
              Locale.ROOT,
              "| bytes allocated per call by the calling thread, ONNX Runtime tensor + run(Map) + close, 11 features + output (preset)%s | %s | %s | |",
              when,
              without[2],
              with[2]));
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, report, StandardCharsets.UTF_8);
    report.forEach(System.out::println);
  }

  private static String plainServerConfig() {
    StringBuilder yaml =
        new StringBuilder("models:\n  - name: wine\n")
            .append(
                "    intercept: {class: dev.modelwatch.testapps.plain.LinearWineModel, method: predict}\n")
            .append("    features:\n");
    for (int i = 0; i < 12; i++) {
      yaml.append("      - {name: f").append(i).append(", index: ").append(i).append("}\n");
    }
    return yaml.append("    outputs: [{name: quality, kind: regression}]\n").toString();
  }

  /**
   * Milliseconds to LISTENING, and to the agent's endpoint (-1 without); adds the agent's ready
   * time.
   */
  private static long[] timeToListening(String classpath, String javaagent, List<Long> ready)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(java()));
    if (javaagent != null) {
      command.add(javaagent);
    }
    command.addAll(
        List.of("-cp", classpath, "dev.modelwatch.testapps.plain.PlainModelServer", "--port", "0"));
    ProcessBuilder builder = new ProcessBuilder(command);
    Path stderr = Files.createTempFile("modelwatch-startup-", ".err");
    builder.redirectError(stderr.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    long listening = -1;
    long endpoint = -1;
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = lines.readLine()) != null; ) {
        if (line.startsWith("LISTENING ")) {
          listening = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
          break;
        }
      }
      if (javaagent != null) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
          Matcher m = READY.matcher(Files.readString(stderr));
          if (m.find()) {
            ready.add(Long.parseLong(m.group(1)));
            endpoint = m.group(2) == null ? -1 : Long.parseLong(m.group(2));
            break;
          }
          TimeUnit.MILLISECONDS.sleep(20);
        }
      }
    } finally {
      process.destroy();
      process.waitFor(10, TimeUnit.SECONDS);
      process.destroyForcibly();
    }
    if (listening < 0) {
      throw new IllegalStateException(
          "the server never printed LISTENING: " + Files.readString(stderr));
    }
    Files.deleteIfExists(stderr);
    return new long[] {listening, endpoint};
  }

  private static long heapUsed(
      String javaagent, String agentPort, List<Long> ready, List<String> scrapes) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m"));
    if (javaagent != null) {
      command.add(javaagent);
    }
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), HeapProbe.class.getName()));
    if (agentPort != null) {
      command.add(agentPort);
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    Matcher used = Pattern.compile("HEAP_USED (\\d+)").matcher(output);
    if (!used.find()) {
      throw new IllegalStateException("the heap probe failed:\n" + output);
    }
    if (ready != null) {
      Matcher m = READY.matcher(output);
      if (!m.find()) {
        throw new IllegalStateException("the agent did not start in the heap probe:\n" + output);
      }
      ready.add(Long.parseLong(m.group(1)));
      Matcher scrape =
          Pattern.compile("SCRAPE wall (\\S+) cpu (\\S+) bytes (\\d+)").matcher(output);
      if (scrape.find()) {
        scrapes.add(scrape.group(1) + " / " + scrape.group(2) + " / " + scrape.group(3));
      }
    }
    return Long.parseLong(used.group(1));
  }

  /** Bytes per call of the calling thread: linear, Tribuo, ONNX Runtime. */
  private static String[] callerBytes(String escapeAnalysis, String javaagent) throws Exception {
    List<String> command = new ArrayList<>(List.of(java(), escapeAnalysis));
    if (javaagent != null) {
      command.add(javaagent);
    }
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), CallerAllocation.class.getName()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
    builder.environment().put("OPT_OUT_TRACKING", "true");
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    Matcher m =
        Pattern.compile("CALLER_BYTES linear (\\S+) tribuo (\\S+) onnx (\\S+)").matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("the allocation probe failed:\n" + output);
    }
    return new String[] {m.group(1), m.group(2), m.group(3)};
  }

  private static String row(String what, List<Long> without, List<Long> with) {
    return String.format(
        Locale.ROOT,
        "| %s | %d %s | %d %s | %+d |",
        what,
        median(without),
        without,
        median(with),
        with,
        median(with) - median(without));
  }

  private static List<Long> kib(List<Long> bytes) {
    List<Long> kib = new ArrayList<>();
    for (long b : bytes) {
      kib.add(b / 1024);
    }
    return kib;
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
  }

  private static String java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
