package dev.modelwatch.testapps.stack;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A real Prometheus (the Debian package's {@code prometheus} binary) scraping given targets with
 * the given rule files, on a free port with its own temporary storage; queried over its HTTP API.
 */
public final class PrometheusServer implements AutoCloseable {
  public static final String INSTALL_HINT =
      "Prometheus is needed for the stack test: install it with 'apt-get install -y prometheus'"
          + " (Debian/Ubuntu; .ci/run does this), or put a Prometheus 2.x binary on the PATH.";

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final Process process;
  private final int port;
  private final Path log;

  private PrometheusServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts Prometheus scraping {@code targets} (host:port) every {@code interval}, evaluating
   * {@code ruleFiles} at the same interval.
   */
  public static PrometheusServer start(
      List<String> targets, List<Path> ruleFiles, Duration interval, Path workDir)
      throws IOException, InterruptedException {
    return start(targets, Map.of(), ruleFiles, interval, workDir);
  }

  /**
   * Like {@link #start(List, List, Duration, Path)}, with {@code targetLabels} (a {@code
   * namespace}, say) added to every series scraped from the targets, as service discovery adds
   * them.
   */
  public static PrometheusServer start(
      List<String> targets,
      Map<String, String> targetLabels,
      List<Path> ruleFiles,
      Duration interval,
      Path workDir)
      throws IOException, InterruptedException {
    String binary = locate();
    Files.createDirectories(workDir);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    StringBuilder config = new StringBuilder();
    String seconds = interval.toMillis() + "ms";
    config
        .append("global:\n  scrape_interval: ")
        .append(seconds)
        .append("\n  evaluation_interval: ")
        .append(seconds)
        .append('\n');
    config.append("rule_files:\n");
    for (Path rules : ruleFiles) {
      config.append("  - '").append(rules.toAbsolutePath()).append("'\n");
    }
    config.append(
        "scrape_configs:\n  - job_name: modelwatch\n    static_configs:\n      - targets: [");
    for (int i = 0; i < targets.size(); i++) {
      config.append(i == 0 ? "" : ", ").append('\'').append(targets.get(i)).append('\'');
    }
    config.append("]\n");
    if (!targetLabels.isEmpty()) {
      config.append("        labels:\n");
      targetLabels.forEach(
          (name, value) ->
              config.append("          ").append(name).append(": '").append(value).append("'\n"));
    }
    Path configFile = workDir.resolve("prometheus.yml");
    Files.writeString(configFile, config);
    Path log = workDir.resolve("prometheus.log");
    Process process =
        new ProcessBuilder(
                binary,
                "--config.file=" + configFile,
                "--storage.tsdb.path=" + workDir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-lifecycle")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    PrometheusServer server = new PrometheusServer(process, port, log);
    server.awaitReady();
    return server;
  }

  private static String locate() {
    String path = System.getenv("PATH");
    for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "prometheus");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new IllegalStateException(INSTALL_HINT);
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "prometheus exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("prometheus did not become ready within 60 s:\n" + log());
  }

  public int port() {
    return port;
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * {@code /api/v1/query}: the result list of an instant query (throws when Prometheus rejects it).
   */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> query(String promql) throws IOException, InterruptedException {
    HttpResponse<String> response =
        get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    Map<String, Object> body = json(response.body());
    if (!"success".equals(body.get("status"))) {
      throw new IllegalArgumentException("query rejected: " + promql + "\n" + response.body());
    }
    Map<String, Object> data = (Map<String, Object>) body.get("data");
    Object result = data.get("result");
    if (result instanceof List) {
      return (List<Map<String, Object>>) result;
    }
    return result == null ? List.of() : List.of(Map.of("value", result));
  }

  /** The single value of an instant query that must return exactly one series. */
  @SuppressWarnings("unchecked")
  public double value(String promql) throws IOException, InterruptedException {
    List<Map<String, Object>> result = query(promql);
    if (result.size() != 1) {
      throw new AssertionError("expected one series for " + promql + ", got " + result);
    }
    List<Object> value = (List<Object>) result.get(0).get("value");
    return Double.parseDouble(value.get(1).toString());
  }

  /** {@code /api/v1/alerts}: the alerts that are pending or firing now. */
  @SuppressWarnings("unchecked")
  public List<Map<String, Object>> alerts() throws IOException, InterruptedException {
    Map<String, Object> body = json(get("/api/v1/alerts").body());
    Map<String, Object> data = (Map<String, Object>) body.get("data");
    return new ArrayList<>((List<Map<String, Object>>) data.get("alerts"));
  }

  /** Every rule whose last evaluation failed, with its error; empty when all are healthy. */
  @SuppressWarnings("unchecked")
  public List<String> unhealthyRules() throws IOException, InterruptedException {
    Map<String, Object> body = json(get("/api/v1/rules").body());
    List<String> unhealthy = new ArrayList<>();
    Map<String, Object> data = (Map<String, Object>) body.get("data");
    for (Map<String, Object> group : (List<Map<String, Object>>) data.get("groups")) {
      for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
        if (!"ok".equals(rule.get("health"))) {
          unhealthy.add(rule.get("name") + ": " + rule.get("health") + " " + rule.get("lastError"));
        }
      }
    }
    return unhealthy;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> json(String text) {
    return (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
