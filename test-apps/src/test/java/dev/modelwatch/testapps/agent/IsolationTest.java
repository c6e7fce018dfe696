package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * An application with its own Byte Buddy (older, then newer than the agent's), SnakeYAML 1.x,
 * simpleclient 0.16 and prometheus-metrics 1.x, and nothing else, on its class path (the libraries
 * are copied to target/isolation-libs by this module's pom; the app's source is compiled here
 * against them). With the agent attached it must behave exactly as without, serve exactly its own
 * metrics, take its {@code prometheus.properties} and {@code io.prometheus.*} system properties for
 * itself alone, and share the JVM with the OpenTelemetry Java agent, both reporting.
 */
class IsolationTest {
  static final String MAIN = "dev.modelwatch.testapps.ownlibs.OwnLibrariesApp";
  static final Path MODULE = ForkedServer.moduleDir();
  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: own",
          "    intercept: {class: dev.modelwatch.testapps.ownlibs.OwnModel, method: predict}",
          "    features:",
          "      - {name: first, index: 0, buckets: [10, 100]}",
          "");

  /** Meant for the application's own client: keeps only app_jobs_total in its 1.x exposition. */
  static final String APP_PROPERTIES =
      "io.prometheus.exporter.filter.metricNameMustBeEqualTo=app_jobs_total\n";

  @Test
  void applicationWithOlderLibrariesRunsUnchangedWithItsOwnMetrics() throws Exception {
    assertIsolated(
        "old", "byte-buddy-1.12.19.jar", "prometheus-metrics-core-1.3.10.jar", List.of());
  }

  @Test
  void applicationWithNewerByteBuddyAndTheAgentsOwnClientVersionRunsUnchanged() throws Exception {
    assertIsolated("new", "byte-buddy-1.18.15.jar", "prometheus-metrics-core-1.5.0.jar", List.of());
  }

  @Test
  void openTelemetryJavaAgentAttachedAsWellAndBothReport() throws Exception {
    Path otel = MODULE.resolve("target/isolation-libs/otel/opentelemetry-javaagent.jar");
    assertTrue(
        Files.isRegularFile(otel), otel + " is missing: run the build (mvn -B verify) to copy it");
    List<String> otelArgs =
        List.of(
            "-javaagent:" + otel,
            "-Dotel.traces.exporter=none",
            "-Dotel.logs.exporter=none",
            "-Dotel.metrics.exporter=logging",
            "-Dotel.metric.export.interval=500");
    ForkedServer app =
        assertIsolated(
            "new", "byte-buddy-1.18.15.jar", "prometheus-metrics-core-1.5.0.jar", otelArgs);
    String log = app.stderr() + app.stdout();
    assertTrue(log.contains("opentelemetry-javaagent - version: 2.10.0"), log);
    assertTrue(log.contains("LoggingMetricExporter"), log);
  }

  /**
   * Runs the app without and then with the agent (after {@code extraAgents}); returns the agented
   * (closed) run.
   */
  private ForkedServer assertIsolated(
      String libs, String byteBuddyJar, String metricsJar, List<String> extraAgents)
      throws Exception {
    String classPath = compile(libs);
    int ownPort = freePort();
    List<String> ownProperties = List.of("-Dio.prometheus.exporter.httpServer.port=" + ownPort);
    String java = ForkedServer.javaExecutable();

    String reportWithout;
    String simpleWithout;
    try (ForkedServer plain =
        ForkedServer.start(
            java, classPath, MAIN, ownProperties, List.of("--port", "0"), Map.of(), true)) {
      plain.get("/work?n=50");
      reportWithout = plain.get("/report");
      simpleWithout = series(plain.get("/metrics-simpleclient")).keySet().toString();
    }
    assertEquals(
        String.join(
            "\n",
            "bytebuddy.jar=" + byteBuddyJar,
            "bytebuddy.result=made by the app's own Byte Buddy",
            "prometheus-metrics.jar=" + metricsJar,
            "simpleclient.jar=simpleclient-0.16.0.jar",
            "snakeyaml.jar=snakeyaml-1.33.jar",
            "snakeyaml.result={answer=[4, 2]}",
            ""),
        reportWithout);

    Path config = AgentedServer.writeConfig(CONFIG);
    List<String> jvmArgs = new ArrayList<>(extraAgents);
    jvmArgs.add(AgentJar.javaagent("config=" + config + ",port=0"));
    jvmArgs.addAll(ownProperties);
    ForkedServer app =
        ForkedServer.start(java, classPath, MAIN, jvmArgs, List.of("--port", "0"), Map.of(), true);
    try {
      int agentPort =
          Integer.parseInt(app.awaitStderr(AgentedServer.SERVING, Duration.ofSeconds(60)));
      assertNotEquals(
          ownPort, agentPort, "the agent took the application's io.prometheus port setting");
      assertEquals("1250.0", app.get("/work?n=50").trim()); // sum of i + 0.5 for i < 50
      assertEquals(reportWithout, app.get("/report"));

      // the application's registries hold exactly its own metrics
      Map<String, Double> simple = series(app.get("/metrics-simpleclient"));
      assertEquals(simpleWithout, simple.keySet().toString());
      assertEquals(50.0, simple.get("app_requests_total"));
      assertTrue(
          simple.keySet().stream().allMatch(name -> name.startsWith("app_requests_")),
          simple.toString());
      Matcher ownLine = Pattern.compile("(?m)^APP_PROMETHEUS_PORT (\\d+)$").matcher(app.stdout());
      assertTrue(ownLine.find(), app.stdout());
      assertEquals(ownPort, Integer.parseInt(ownLine.group(1)), "the app's own port setting");
      assertEquals(Map.of("app_jobs_total", 50.0), series(ForkedServer.get(ownPort, "/metrics")));

      // the agent's exporter ignores the application's prometheus.properties filter and port
      Scrape scrape = Scrape.of(agentPort);
      assertEquals(50, scrape.value("model_predictions_total", "model", "own"));
      // first = i for i < 50: 0..10 are at most 10 (buckets are upper-inclusive)
      assertEquals(
          11,
          scrape.value(
              "model_feature_value_bucket", "model", "own", "feature", "first", "le", "10.0"));
      assertTrue(
          scrape.hasMetric("jvm_memory_used_bytes"),
          "the app's filter leaked into the agent's exporter");
      assertFalse(scrape.hasMetric("app_jobs_total"));
      assertFalse(scrape.hasMetric("app_requests_total"));
      assertEquals(1, scrape.value("modelwatch_agent_instrumented_methods"));
      for (String stage : new String[] {"config", "install", "transform", "enter", "exit"}) {
        assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", stage), stage);
      }
      if (!extraAgents.isEmpty()) {
        app.awaitStderr("LoggingMetricExporter", Duration.ofSeconds(20));
      }
      return app;
    } finally {
      app.close();
    }
  }

  /**
   * Compiles the app against only its own libraries; its class path (classes,
   * prometheus.properties, jars).
   */
  static synchronized String compile(String libs) throws IOException {
    Path libDir = MODULE.resolve("target/isolation-libs").resolve(libs);
    assertTrue(
        Files.isDirectory(libDir),
        libDir + " is missing: run the build (mvn -B verify) to copy it");
    List<String> jars;
    try (Stream<Path> files = Files.list(libDir)) {
      jars =
          files
              .map(Path::toString)
              .filter(f -> f.endsWith(".jar"))
              .sorted()
              .collect(Collectors.toList());
    }
    Path out = MODULE.resolve("target/isolation-app").resolve(libs);
    Files.createDirectories(out);
    List<String> sources;
    try (Stream<Path> files = Files.walk(MODULE.resolve("src/test/isolation-app"))) {
      sources =
          files.map(Path::toString).filter(f -> f.endsWith(".java")).collect(Collectors.toList());
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "--release",
                "11",
                "-d",
                out.toString(),
                "-cp",
                String.join(File.pathSeparator, jars)));
    args.addAll(sources);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertEquals(
        0, javac.run(null, null, null, args.toArray(new String[0])), "compiling the isolation app");
    Files.writeString(out.resolve("prometheus.properties"), APP_PROPERTIES);
    List<String> classPath = new ArrayList<>();
    classPath.add(out.toString());
    classPath.addAll(jars);
    return String.join(File.pathSeparator, classPath);
  }

  /** Sample name (with labels) to value, from a text exposition. */
  static Map<String, Double> series(String exposition) {
    Map<String, Double> values = new TreeMap<>();
    for (String line : exposition.split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        int space = line.lastIndexOf(' ');
        String value = line.substring(space + 1);
        String key = line.substring(0, space).trim();
        if (key.contains(" ")) { // a timestamp follows the value
          value = key.substring(key.lastIndexOf(' ') + 1);
          key = key.substring(0, key.lastIndexOf(' '));
        }
        values.put(key, Double.parseDouble(value));
      }
    }
    return values;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
