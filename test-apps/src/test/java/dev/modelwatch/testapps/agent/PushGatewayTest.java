package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.stack.Pushgateway;
import dev.modelwatch.testapps.startup.BatchJob;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Push mode against a real Pushgateway: a scoring {@code main} that returns is counted exactly at
 * the gateway, under the configured job and grouping labels, by the push at exit; while it runs the
 * interval pushes keep the gateway current and no port is opened; a gateway that is down or never
 * answers delays the exit by at most {@code push.timeout} and costs the job nothing.
 */
class PushGatewayTest {
  static final String MAIN = BatchJob.class.getName();

  static String config(String server, String push) {
    return String.join(
        "\n",
        "server: " + server,
        "push: " + push,
        "models:",
        "  - name: batch",
        "    intercept:",
        "      class: dev.modelwatch.testapps.startup.BatchScorer",
        "      method: score",
        "    features: [{name: x, index: 0}, {name: y, index: 1}]",
        "    outputs: [{name: score, kind: regression}]",
        "");
  }

  @Test
  void theLastPushAtExitCarriesEveryCallUnderTheJobAndGroupingLabels() throws Exception {
    try (Pushgateway gateway = Pushgateway.start(workDir())) {
      // an interval far longer than the job: only the push at exit can deliver the counts
      String yaml =
          config(
              "{port: off}",
              "{pushgateway: '"
                  + gateway.url()
                  + "', job: nightly-scoring, interval: 1h, grouping: {team: risk}}");
      try (ForkedServer job = start(yaml, List.of("1234"))) {
        assertExitsWithin(job, Duration.ofSeconds(2));
        assertTrue(job.stdout().contains("SCORED 1234 "), job.stdout());
        assertTrue(job.stderr().contains("no metrics endpoint (server port off)"), job.stderr());
        assertFalse(job.stderr().contains("cannot push"), job.stderr());

        Scrape pushed = new Scrape(gateway.metrics());
        String instance = instanceOf(pushed.text(), "nightly-scoring");
        assertTrue(
            instance.endsWith(":" + job.pid()),
            "instance is host name:" + job.pid() + ", found " + instance);
        String[] group = {"job", "nightly-scoring", "instance", instance, "team", "risk"};
        assertEquals(1234, pushed.value("model_predictions_total", with(group, "model", "batch")));
        assertEquals(
            1234,
            pushed.value("model_prediction_duration_seconds_count", with(group, "model", "batch")));
        assertEquals(
            1234,
            pushed.value(
                "model_feature_value_count", with(group, "model", "batch", "feature", "x")));
        assertEquals(
            1234,
            pushed.value(
                "model_feature_value_count", with(group, "model", "batch", "feature", "y")));
        assertEquals(
            1234,
            pushed.value(
                "model_output_value_count", with(group, "model", "batch", "output", "score")));
        assertEquals(
            0, pushed.value("modelwatch_agent_errors_total", with(group, "stage", "push")));
      }
    }
  }

  @Test
  void thePushAtExitCarriesTheDriftGaugesAScrapeShowedForTheSameCalls() throws Exception {
    Path dir = workDir();
    Path csv = dir.resolve("train.csv");
    StringBuilder rows = new StringBuilder("x,y,score\n");
    for (int i = 0; i < 2000; i++) {
      double x = (i * 7919 % 2000) / 2.0;
      rows.append(x).append(",1,").append(0.5 * x + 2.0).append('\n');
    }
    Files.writeString(csv, rows);
    Path baseline = dir.resolve("batch-baseline.yaml");
    CommandLineTest.Result made =
        CommandLineTest.run(
            "baseline",
            "--data",
            csv.toString(),
            "--model",
            "batch",
            "--features",
            "x,y",
            "--outputs",
            "score",
            "--out",
            baseline.toString());
    assertEquals(0, made.exit, made.output);
    try (Pushgateway gateway = Pushgateway.start(dir)) {
      String yaml =
          config(
                  "{port: 0, host: 127.0.0.1}",
                  "{pushgateway: '" + gateway.url() + "', job: nightly-scoring, interval: 1h}")
              + "    baseline: '"
              + baseline.toAbsolutePath()
              + "'\n";
      try (ForkedServer job = start(yaml, List.of("1500", "--wait-for-line"))) {
        int port =
            Integer.parseInt(
                job.awaitStderr(
                    "serving metrics at http://127.0.0.1:(\\d+)/", Duration.ofSeconds(60)));
        job.awaitStdout("SCORED 1500 ", Duration.ofSeconds(60));
        Map<String, Double> scraped = driftSeries(Scrape.of(port).text(), "");
        assertTrue(scraped.size() >= 6, "drift series of x, y and score: " + scraped);
        job.sendLine("return");
        assertExitsWithin(job, Duration.ofSeconds(2));
        String pushedText = gateway.metrics();
        String instance = instanceOf(pushedText, "nightly-scoring");
        String group = "instance=\"" + instance + "\",job=\"nightly-scoring\",";
        assertEquals(scraped, driftSeries(pushedText, group));
      }
    }
  }

  @Test
  void anInvalidConfigPushesTheAgentsOwnMetricsWithTheConfigError() throws Exception {
    try (Pushgateway gateway = Pushgateway.start(workDir())) {
      String yaml =
          config(
                  "{port: off}",
                  "{pushgateway: '" + gateway.url() + "', job: nightly-scoring, interval: 1h}")
              + "    colour: red\n";
      try (ForkedServer job = start(yaml, List.of("10"))) {
        assertExitsWithin(job, Duration.ofSeconds(2));
        assertTrue(job.stderr().contains("WITHOUT model monitoring"), job.stderr());
        Scrape pushed = new Scrape(gateway.metrics());
        String instance = instanceOf(pushed.text(), "nightly-scoring");
        String[] group = {"job", "nightly-scoring", "instance", instance};
        assertEquals(
            1, pushed.value("modelwatch_agent_errors_total", with(group, "stage", "config")));
        assertFalse(pushed.hasMetric("model_predictions_total"), pushed.text());
      }
    }
  }

  @Test
  void whileTheJobRunsTheIntervalPushesKeepTheGatewayCurrentAndNoPortIsOpen() throws Exception {
    try (Pushgateway gateway = Pushgateway.start(workDir())) {
      String yaml =
          config(
              "{port: off}",
              "{pushgateway: '" + gateway.url() + "', job: hourly, interval: 200ms}");
      try (ForkedServer job = start(yaml, List.of("25", "--wait-for-line"))) {
        job.awaitStdout("SCORED 25 ", Duration.ofSeconds(60));
        String series =
            "model_predictions_total\\{instance=\"[^\"]*:"
                + job.pid()
                + "\",job=\"hourly\",model=\"batch\"\\} 25\n";
        awaitMatch(gateway, series, Duration.ofSeconds(30));
        assertEquals(Set.of(), listeningPorts(job.pid()), "ports the job's JVM listens on");
        job.sendLine("return");
        assertExitsWithin(job, Duration.ofSeconds(2));
      }
    }
  }

  @Test
  void anHttpsGatewayIsTrustedThroughTheConfiguredTruststoreAndOnlyThen() throws Exception {
    try (Pushgateway gateway = Pushgateway.startTls(workDir())) {
      String trusted =
          config(
              "{port: off}",
              "{pushgateway: '"
                  + gateway.url()
                  + "', job: secure, interval: 1h, tls: {truststore: '"
                  + gateway.truststore()
                  + "', password: "
                  + Pushgateway.TRUSTSTORE_PASSWORD
                  + "}}");
      try (ForkedServer job = start(trusted, List.of("40"))) {
        assertExitsWithin(job, Duration.ofSeconds(2));
        assertFalse(job.stderr().contains("cannot push"), job.stderr());
      }
      Scrape pushed = new Scrape(gateway.metrics());
      String instance = instanceOf(pushed.text(), "secure");
      assertEquals(
          40,
          pushed.value(
              "model_predictions_total", "job", "secure", "instance", instance, "model", "batch"));

      // the JVM's default trust store does not know the self-signed certificate: refused, said,
      // exit unharmed
      String untrusted =
          config(
              "{port: off}",
              "{pushgateway: '" + gateway.url() + "', job: untrusted, interval: 1h}");
      try (ForkedServer job = start(untrusted, List.of("40"))) {
        assertExitsWithin(job, Duration.ofSeconds(2));
        assertTrue(
            job.stderr().contains("cannot push the metrics to " + gateway.url()), job.stderr());
      }
      assertFalse(
          gateway.metrics().contains("job=\"untrusted\""), "nothing of the untrusted push arrived");
    }
  }

  @Test
  void aGatewayWithBasicAuthenticationTakesThePasswordFromAFileOrTheEnvironment() throws Exception {
    try (Pushgateway gateway = Pushgateway.startWithBasicAuth(workDir())) {
      Path passwordFile = workDir().resolve("push-password");
      Files.writeString(passwordFile, Pushgateway.PASSWORD + "\n");
      String fromFile =
          config(
              "{port: off}",
              "{pushgateway: '"
                  + gateway.url()
                  + "', job: from-file, interval: 1h, auth: {username: "
                  + Pushgateway.USER
                  + ", password_file: '"
                  + passwordFile.toAbsolutePath()
                  + "'}}");
      try (ForkedServer job = start(fromFile, List.of("30"))) {
        assertExitsWithin(job, Duration.ofSeconds(2));
      }
      String fromEnv =
          config(
              "{port: off}",
              "{pushgateway: '"
                  + gateway.url()
                  + "', job: from-env, interval: 1h, auth: {username: "
                  + Pushgateway.USER
                  + ", password_env: PUSH_PASSWORD}}");
      Path config = AgentedServer.writeConfig(fromEnv);
      try (ForkedServer job =
          ForkedServer.start(
              ForkedServer.javaExecutable(),
              MAIN,
              List.of(AgentJar.javaagent("config=" + config)),
              List.of("20"),
              Map.of("PUSH_PASSWORD", Pushgateway.PASSWORD),
              false)) {
        assertExitsWithin(job, Duration.ofSeconds(2));
      }
      // a wrong password is refused by the gateway: said, the job unharmed
      try (ForkedServer job =
          ForkedServer.start(
              ForkedServer.javaExecutable(),
              MAIN,
              List.of(AgentJar.javaagent("config=" + config)),
              List.of("10"),
              Map.of("PUSH_PASSWORD", "not-it"),
              false)) {
        assertExitsWithin(job, Duration.ofSeconds(2));
        assertTrue(
            job.stderr().contains("cannot push the metrics to " + gateway.url()), job.stderr());
        assertFalse(job.stderr().contains("not-it"), "the password is never logged");
      }
      Scrape pushed = new Scrape(gateway.metrics());
      assertEquals(
          30,
          pushed.value(
              "model_predictions_total",
              "job",
              "from-file",
              "instance",
              instanceOf(pushed.text(), "from-file"),
              "model",
              "batch"));
      List<String> fromEnvInstances = instancesOf(pushed.text(), "from-env");
      assertEquals(1, fromEnvInstances.size(), "only the push with the right password arrived");
      assertEquals(
          20,
          pushed.value(
              "model_predictions_total",
              "job",
              "from-env",
              "instance",
              fromEnvInstances.get(0),
              "model",
              "batch"));
    }
  }

  @Test
  void aGatewayThatRefusesCostsTheJobNothingAndIsCounted() throws Exception {
    int closedPort = freePort();
    String yaml =
        config(
            "{port: 0, host: 127.0.0.1}",
            "{pushgateway: 'http://127.0.0.1:" + closedPort + "', interval: 200ms, timeout: 1s}");
    try (ForkedServer job = start(yaml, List.of("300", "--wait-for-line"))) {
      int port =
          Integer.parseInt(
              job.awaitStderr(
                  "serving metrics at http://127.0.0.1:(\\d+)/", Duration.ofSeconds(60)));
      job.awaitStderr(
          "cannot push the metrics to http://127.0.0.1:" + closedPort, Duration.ofSeconds(30));
      job.awaitStdout("SCORED 300 ", Duration.ofSeconds(60));
      Scrape scrape = Scrape.of(port);
      assertTrue(
          scrape.value("modelwatch_agent_errors_total", "stage", "push") >= 1, scrape.text());
      assertEquals(300, scrape.value("model_predictions_total", "model", "batch"));
      job.sendLine("return");
      assertExitsWithin(job, Duration.ofSeconds(2));
      assertTrue(job.stdout().contains("SCORED 300 "), job.stdout());
      // said once, not at every interval
      assertEquals(1, count(job.stderr(), "cannot push the metrics"), job.stderr());
    }
  }

  @Test
  void aGatewayThatNeverAnswersDelaysTheExitByAtMostTheTimeout() throws Exception {
    // accepts connections and never answers: every push waits for its read timeout
    try (ServerSocket silent = new ServerSocket(0)) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    held.add(silent.accept());
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      String yaml =
          config(
              "{port: off}",
              "{pushgateway: 'http://127.0.0.1:"
                  + silent.getLocalPort()
                  + "', interval: 1h, timeout: 1s}");
      try (ForkedServer job = start(yaml, List.of("40"))) {
        // the push at exit gets 1 s; 2 s more for the JVM to end
        assertExitsWithin(job, Duration.ofSeconds(3));
        assertTrue(job.stdout().contains("SCORED 40 "), job.stdout());
        assertTrue(job.stdout().contains("RETURNING"), job.stdout());
        assertTrue(job.stderr().contains("did not finish within push.timeout (1s)"), job.stderr());
      } finally {
        for (Socket socket : held) {
          socket.close();
        }
      }
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

  /** Waits for the job's last line, then gives the JVM {@code bound} to end, exit code 0. */
  private static void assertExitsWithin(ForkedServer job, Duration bound) throws Exception {
    job.awaitStdout("RETURNING", Duration.ofSeconds(60));
    boolean exited = job.process().waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
    assertTrue(
        exited, "the JVM is still running " + bound + " after main returned\n" + job.stderr());
    assertEquals(0, job.process().exitValue(), job.stderr());
  }

  private static String instanceOf(String text, String job) {
    Matcher m =
        Pattern.compile("push_time_seconds\\{instance=\"([^\"]+)\",job=\"" + job + "\"")
            .matcher(text);
    assertTrue(m.find(), "no pushed group of job " + job + " at the gateway:\n" + text);
    return m.group(1);
  }

  /**
   * The drift gauges of a scrape, keyed by their series without {@code groupLabels} (the gateway's
   * job and instance, which sort before the model's labels).
   */
  private static Map<String, Double> driftSeries(String text, String groupLabels) {
    Map<String, Double> series = new java.util.TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("model_feature_drift") || line.startsWith("model_output_drift")) {
        int split = line.lastIndexOf(' ');
        series.put(
            line.substring(0, split).replace(groupLabels, ""),
            Double.valueOf(line.substring(split + 1)));
      }
    }
    return series;
  }

  private static List<String> instancesOf(String text, String job) {
    Matcher m =
        Pattern.compile("push_time_seconds\\{instance=\"([^\"]+)\",job=\"" + job + "\"")
            .matcher(text);
    List<String> instances = new ArrayList<>();
    while (m.find()) {
      instances.add(m.group(1));
    }
    return instances;
  }

  private static String[] with(String[] group, String... labels) {
    String[] all = new String[group.length + labels.length];
    System.arraycopy(group, 0, all, 0, group.length);
    System.arraycopy(labels, 0, all, group.length, labels.length);
    return all;
  }

  private static void awaitMatch(Pushgateway gateway, String regex, Duration timeout)
      throws Exception {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    String text;
    do {
      text = gateway.metrics();
      if (pattern.matcher(text).find()) {
        return;
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "the gateway shows no /" + regex + "/ within " + timeout + ":\n" + text);
  }

  /** TCP ports in LISTEN state on sockets the process holds (Linux /proc). */
  static Set<Integer> listeningPorts(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Paths.get("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException gone) {
          // closed meanwhile
        }
      }
    }
    Set<Integer> ports = new HashSet<>();
    for (String table : new String[] {"tcp", "tcp6"}) {
      Path file = Paths.get("/proc", Long.toString(pid), "net", table);
      if (!Files.exists(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.trim().split("\\s+");
        if (fields[3].equals("0A") && inodes.contains(fields[9])) {
          ports.add(Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1), 16));
        }
      }
    }
    return ports;
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Path workDir() throws IOException {
    return Files.createDirectories(Paths.get("target", "pushgateway", "gw-" + System.nanoTime()));
  }
}
