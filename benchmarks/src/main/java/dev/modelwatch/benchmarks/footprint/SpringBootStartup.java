package dev.modelwatch.benchmarks.footprint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold starts of a real Spring Boot web application with one Tribuo model (the {@code
 * benchmarks/spring-app} module), alternately without and with the agent ({@code config=} one
 * {@code library: tribuo} model): Spring's own {@code Started ... in X seconds (process running for
 * Y)} line, and the agent's {@code ready in N ms} (premain start to instrumentation installed).
 * Every run then scores one request through the controller, and every agent run checks on the
 * agent's {@code /metrics} that the call was recorded with no agent error, so a number can never
 * come from a run where the instrumentation did nothing.
 *
 * <p>Usage: {@code SpringBootStartup --app-classpath CP --agent NAME=JAR [--agent NAME=JAR ...]
 * --runs N --out FILE}. With several agents (jars built before and after a change), each round runs
 * without the agent, then each jar in turn, so load on the machine hits every variant alike.
 */
public final class SpringBootStartup {
  private static final Pattern STARTED =
      Pattern.compile("Started \\S+ in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");
  private static final Pattern TOMCAT = Pattern.compile("Tomcat started on port (\\d+)");
  private static final Pattern READY = Pattern.compile("ready in (\\d+) ms");
  private static final Pattern ENDPOINT =
      Pattern.compile("serving metrics at (http://\\S+)/metrics");
  private static final String MAIN = "dev.modelwatch.benchmarks.springapp.ScoringApplication";
  static final String MODEL = "spring-linear";

  private SpringBootStartup() {}

  /**
   * One start: Spring's two figures in ms, the CPU time the process had used when its Started line
   * was read (ms, from /proc: robust to waiting for a core on a busy machine), the agent's ready
   * time (-1 without).
   */
  static final class Run {
    final double startedMs;
    final double runningMs;
    final double cpuMs;
    final long readyMs;

    Run(double startedMs, double runningMs, double cpuMs, long readyMs) {
      this.startedMs = startedMs;
      this.runningMs = runningMs;
      this.cpuMs = cpuMs;
      this.readyMs = readyMs;
    }
  }

  public static void main(String[] args) throws Exception {
    String appClasspath = null;
    Map<String, Path> agents = new LinkedHashMap<>();
    int runs = 5;
    Path out = Paths.get("benchmarks/results/startup-spring-boot.md");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--app-classpath":
          appClasspath = args[++i];
          break;
        case "--agent":
          String[] named = args[++i].split("=", 2);
          agents.put(named[0], Paths.get(named[1]).toAbsolutePath());
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
    if (appClasspath == null || agents.isEmpty()) {
      throw new IllegalArgumentException(
          "--app-classpath and at least one --agent NAME=JAR are required");
    }
    Path dir = Files.createTempDirectory("modelwatch-spring-startup-");
    Path config = dir.resolve("tribuo.yaml");
    Files.writeString(
        config, "models:\n  - name: " + MODEL + "\n    intercept: {library: tribuo}\n");

    Map<String, List<Run>> results = new LinkedHashMap<>();
    results.put("none", new ArrayList<>());
    agents.keySet().forEach(name -> results.put(name, new ArrayList<>()));
    for (int r = 0; r < runs; r++) {
      for (String variant : results.keySet()) {
        String javaagent =
            variant.equals("none")
                ? null
                : "-javaagent:" + agents.get(variant) + "=config=" + config + ",port=0";
        Run run = start(appClasspath, javaagent);
        results.get(variant).add(run);
        System.out.printf(
            Locale.ROOT,
            "round %d %-12s started in %5.0f ms, process running for %5.0f ms, process CPU %5.0f ms%s%n",
            r + 1,
            variant,
            run.startedMs,
            run.runningMs,
            run.cpuMs,
            run.readyMs < 0 ? "" : ", agent ready in " + run.readyMs + " ms");
      }
    }

    Files.delete(config);
    Files.delete(dir);
    List<String> report = new ArrayList<>();
    report.add(
        String.format(
            Locale.ROOT,
            "Spring Boot 4.0.7 web app + Tribuo 4.3.2 model, one `library: tribuo` intercept; JDK %s, %d cores, %d cold"
                + " starts per variant, alternating; medians, [min-max]; load average at the end: %s",
            System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(),
            runs,
            loadAverage()));
    report.add("");
    report.add(
        "| variant | process running for (ms) | ratio to no agent | Started in (ms) | process CPU until started"
            + " (ms) | CPU ratio | agent premain to ready (ms) |");
    report.add("|---|---:|---:|---:|---:|---:|---:|");
    double baseline = median(runningOf(results.get("none")));
    List<Double> noneCpu = new ArrayList<>();
    results.get("none").forEach(run -> noneCpu.add(run.cpuMs));
    double baselineCpu = median(noneCpu);
    for (Map.Entry<String, List<Run>> variant : results.entrySet()) {
      List<Run> list = variant.getValue();
      List<Double> running = runningOf(list);
      List<Double> started = new ArrayList<>();
      List<Double> ready = new ArrayList<>();
      List<Double> cpu = new ArrayList<>();
      for (Run run : list) {
        started.add(run.startedMs);
        cpu.add(run.cpuMs);
        if (run.readyMs >= 0) {
          ready.add((double) run.readyMs);
        }
      }
      boolean none = variant.getKey().equals("none");
      report.add(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s | %s | %s |",
              variant.getKey(),
              spread(running),
              none ? "1.00" : String.format(Locale.ROOT, "%.2fx", median(running) / baseline),
              spread(started),
              spread(cpu),
              none ? "1.00" : String.format(Locale.ROOT, "%.2fx", median(cpu) / baselineCpu),
              ready.isEmpty() ? "" : spread(ready)));
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, report, StandardCharsets.UTF_8);
    System.out.println();
    report.forEach(System.out::println);
  }

  private static Run start(String classpath, String javaagent) throws Exception {
    List<String> command = new ArrayList<>(List.of(java()));
    if (javaagent != null) {
      command.add(javaagent);
    }
    command.addAll(List.of("-cp", classpath, MAIN));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
    Process process = builder.start();
    StringBuilder log = new StringBuilder();
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      double started = -1;
      double running = -1;
      double cpu = -1;
      long ready = -1;
      int port = -1;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      String line;
      while (started < 0 && (line = lines.readLine()) != null) {
        log.append(line).append('\n');
        Matcher m;
        if ((m = READY.matcher(line)).find()) {
          ready = Long.parseLong(m.group(1));
        }
        if ((m = TOMCAT.matcher(line)).find()) {
          port = Integer.parseInt(m.group(1));
        }
        if ((m = STARTED.matcher(line)).find()) {
          cpu = cpuMillis(process.pid());
          started = Double.parseDouble(m.group(1)) * 1000;
          running = Double.parseDouble(m.group(2)) * 1000;
        }
        if (System.nanoTime() > deadline) {
          break;
        }
      }
      if (started < 0 || port < 0 || (javaagent != null && ready < 0)) {
        throw new IllegalStateException("the application did not start as expected:\n" + log);
      }
      String body = get("http://localhost:" + port + "/score?age=40&income=55&tenure=3&ratio=0.5");
      if (!body.contains("\"score\"")) {
        throw new IllegalStateException("/score answered " + body);
      }
      if (javaagent != null) {
        verifyRecorded(lines, log);
      }
      return new Run(started, running, cpu, ready);
    } finally {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** The agent's endpoint must show the request's prediction, recorded, and no agent error. */
  private static void verifyRecorded(BufferedReader lines, StringBuilder log) throws Exception {
    Matcher endpoint = ENDPOINT.matcher(log);
    String line;
    while (!endpoint.find()) {
      if ((line = lines.readLine()) == null) {
        throw new IllegalStateException("the agent's endpoint did not come up:\n" + log);
      }
      log.append(line).append('\n');
      endpoint = ENDPOINT.matcher(log);
    }
    String url = endpoint.group(1).replace("0.0.0.0", "localhost") + "/metrics";
    String metrics = get(url);
    Matcher calls =
        Pattern.compile("model_predictions_total\\{[^}]*model=\"" + MODEL + "\"[^}]*} ([0-9.eE+]+)")
            .matcher(metrics);
    if (!calls.find() || Double.parseDouble(calls.group(1)) < 1) {
      throw new IllegalStateException(
          "the agent recorded no prediction of " + MODEL + ":\n" + metrics);
    }
    Matcher errors =
        Pattern.compile("modelwatch_agent_errors_total\\{[^}]*} ([0-9.eE+]+)").matcher(metrics);
    while (errors.find()) {
      if (Double.parseDouble(errors.group(1)) != 0) {
        throw new IllegalStateException("the agent counted errors:\n" + metrics);
      }
    }
  }

  private static String get(String url) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
    connection.setConnectTimeout(5000);
    connection.setReadTimeout(10000);
    try (InputStream in = connection.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } finally {
      connection.disconnect();
    }
  }

  /**
   * User and system CPU time of a process so far, from /proc (clock ticks of 10 ms); -1 where
   * unknown.
   */
  static double cpuMillis(long pid) {
    try {
      String stat = Files.readString(Paths.get("/proc/" + pid + "/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  static String java() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String loadAverage() {
    try {
      return Files.readString(Paths.get("/proc/loadavg")).trim().split(" ")[0];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static List<Double> runningOf(List<Run> runs) {
    List<Double> running = new ArrayList<>();
    runs.forEach(run -> running.add(run.runningMs));
    return running;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  static String spread(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return String.format(
        Locale.ROOT,
        "%.0f [%.0f-%.0f]",
        median(values),
        sorted.get(0),
        sorted.get(sorted.size() - 1));
  }
}
