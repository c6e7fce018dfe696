package dev.modelwatch.deploy;

import static dev.modelwatch.deploy.RepositoryFiles.at;
import static dev.modelwatch.deploy.RepositoryFiles.list;
import static dev.modelwatch.deploy.RepositoryFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/docker-compose.yml and deploy/prometheus/prometheus.yml, checked without a Docker engine:
 * the compose file's services, bind mounts that point at files of the checkout, a model-server
 * config the agent accepts, and a Prometheus config that promtool accepts together with the rules
 * of alerts/ once both sit where the prometheus service mounts them. Grafana's provisioning paths
 * agree with the mounts.
 */
class ComposeStackTest {
  private static final Path ROOT = RepositoryFiles.root();
  private static final Path DEPLOY = ROOT.resolve("deploy");
  private static final Map<String, Object> COMPOSE =
      RepositoryFiles.yaml(DEPLOY.resolve("docker-compose.yml"));

  @Test
  void hasTheFourServices() {
    assertEquals(
        List.of("model-server", "traffic", "prometheus", "grafana"),
        new ArrayList<>(services().keySet()));
  }

  @Test
  void everyBindMountSourceExistsInTheCheckout() {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Path> mount : allMountSources().entrySet()) {
      if (!Files.exists(mount.getValue())) {
        missing.add(mount.getKey() + " -> " + mount.getValue());
      }
    }
    assertEquals(
        List.of(), missing, "bind mount sources missing (build first with `mvn -B package`?)");
  }

  @Test
  void
      modelServerIsBuiltFromTheDockerfileAndRunsThePlainWineServerThatTheTrafficGeneratorReaches() {
    Map<String, Object> server = service("model-server");
    Map<String, Object> build = map(server.get("build"), "model-server.build");
    assertEquals(ROOT, DEPLOY.resolve(String.valueOf(build.get("context"))).normalize());
    assertEquals("deploy/Dockerfile", build.get("dockerfile"));
    assertTrue(Files.isRegularFile(ROOT.resolve("deploy/Dockerfile")));
    assertEquals(Map.of("BASE_IMAGE", "eclipse-temurin:17-jre"), build.get("args"));
    assertEquals(
        List.of(
            "java",
            "-cp",
            "/app/classes",
            "dev.modelwatch.testapps.plain.PlainModelServer",
            "--port",
            "8080"),
        server.get("command"));
    assertTrue(
        Files.isRegularFile(
            ROOT.resolve(
                "test-apps/src/main/java/dev/modelwatch/testapps/plain/PlainModelServer.java")));
    assertEquals(
        ROOT.resolve("test-apps/target/classes"), mounts("model-server").get("/app/classes"));
    // PlainModelServer binds 127.0.0.1: only the agent's port is published
    assertEquals(List.of("9464:9464"), server.get("ports"));

    // so the traffic generator joins the server's network namespace and sends to its loopback
    // address
    Map<String, Object> traffic = service("traffic");
    assertEquals("service:model-server", traffic.get("network_mode"));
    List<Object> command = list(traffic.get("command"), "traffic.command");
    assertEquals("dev.modelwatch.testapps.traffic.TrafficGenerator", command.get(3));
    assertEquals("http://127.0.0.1:8080/predict", command.get(command.indexOf("--url") + 1));
    assertEquals(ROOT.resolve("test-apps/target/classes"), mounts("traffic").get("/app/classes"));
  }

  @Test
  void modelServerConfigIsMountedOverTheDefaultAndTheAgentAcceptsIt() throws Exception {
    Path configDir = mounts("model-server").get("/modelwatch/config");
    assertEquals(DEPLOY.resolve("demo"), configDir);
    Path config = configDir.resolve("modelwatch.yaml");

    ToolRun check = ToolRun.checkConfig(ROOT.resolve("agent/target/modelwatch-agent.jar"), config);

    assertEquals(0, check.exitCode, check::describe);
    // the port Prometheus scrapes and compose publishes
    assertEquals(9464, at(RepositoryFiles.yaml(config), "server", "port"));
  }

  @Test
  void promtoolAcceptsThePrometheusConfigWithTheRulesWhereTheServiceMountsThem(
      @TempDir Path container) throws Exception {
    Map<String, Path> mounts = mounts("prometheus");
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      copy(mount.getValue(), container.resolve(mount.getKey().substring(1)));
    }
    assertEquals(
        List.of("--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"),
        service("prometheus").get("command"));
    Path config = container.resolve("etc/prometheus/prometheus.yml");

    ToolRun check = ToolRun.promtool("check", "config", config.toString());

    assertEquals(0, check.exitCode, check::describe);
    long ruleFiles;
    try (Stream<Path> files = Files.list(ROOT.resolve("alerts"))) {
      ruleFiles = files.filter(f -> f.getFileName().toString().endsWith(".rules.yml")).count();
    }
    assertTrue(ruleFiles >= 3, "rule files in alerts/: " + ruleFiles);
    assertTrue(
        check.output.contains("SUCCESS: " + ruleFiles + " rule files found"), check::describe);
  }

  @Test
  void prometheusScrapesTheModelServersAgentPort() {
    Map<String, Object> prometheus =
        RepositoryFiles.yaml(DEPLOY.resolve("prometheus/prometheus.yml"));
    List<Object> jobs = list(prometheus.get("scrape_configs"), "scrape_configs");
    assertEquals(1, jobs.size());
    Map<String, Object> job = map(jobs.get(0), "scrape_configs[0]");
    assertEquals("modelwatch", job.get("job_name"));
    Map<String, Object> staticConfig =
        map(list(job.get("static_configs"), "static_configs").get(0), "static");
    assertEquals(List.of("model-server:9464"), staticConfig.get("targets"));
  }

  @Test
  void grafanaGetsTheProvisioningFilesAndDashboardsWhereTheyPointAndReachesPrometheus() {
    Map<String, Path> mounts = mounts("grafana");
    assertEquals(
        ROOT.resolve("dashboards/provisioning/datasources.yaml"),
        mounts.get("/etc/grafana/provisioning/datasources/modelwatch.yaml"));
    assertEquals(
        ROOT.resolve("dashboards/provisioning/dashboards.yaml"),
        mounts.get("/etc/grafana/provisioning/dashboards/modelwatch.yaml"));

    Map<String, Object> provider =
        map(
            list(
                    RepositoryFiles.yaml(ROOT.resolve("dashboards/provisioning/dashboards.yaml"))
                        .get("providers"),
                    "providers")
                .get(0),
            "providers[0]");
    String dashboardPath = String.valueOf(at(provider, "options", "path"));
    Path dashboards = mounts.get(dashboardPath);
    assertEquals(ROOT.resolve("dashboards"), dashboards, "the provider reads " + dashboardPath);
    Set<String> json = new TreeSet<>();
    try (Stream<Path> files = Files.list(dashboards)) {
      files
          .filter(f -> f.toString().endsWith(".json"))
          .forEach(f -> json.add(f.getFileName().toString()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    assertEquals(
        Set.of("modelwatch-agent.json", "modelwatch-model.json", "modelwatch-overview.json"), json);

    Map<String, Object> datasource =
        map(
            list(
                    RepositoryFiles.yaml(ROOT.resolve("dashboards/provisioning/datasources.yaml"))
                        .get("datasources"),
                    "datasources")
                .get(0),
            "datasources[0]");
    assertEquals("http://prometheus:9090", datasource.get("url"));
    assertEquals(List.of("9090:9090"), service("prometheus").get("ports"));
  }

  private static Map<String, Object> services() {
    return map(COMPOSE.get("services"), "services");
  }

  private static Map<String, Object> service(String name) {
    return map(services().get(name), "services." + name);
  }

  /** A service's bind mounts: path in the container → file or directory of the checkout. */
  private static Map<String, Path> mounts(String service) {
    Map<String, Path> mounts = new LinkedHashMap<>();
    for (Object volume : list(service(service).get("volumes"), service + ".volumes")) {
      String[] parts = String.valueOf(volume).split(":");
      assertTrue(
          parts.length == 2 || parts.length == 3 && parts[2].equals("ro"), service + ": " + volume);
      assertTrue(
          parts[0].startsWith("."),
          service + ": only bind mounts of the checkout are expected: " + volume);
      mounts.put(parts[1], DEPLOY.resolve(parts[0]).normalize());
    }
    return mounts;
  }

  private static Map<String, Path> allMountSources() {
    Map<String, Path> all = new LinkedHashMap<>();
    for (String name : services().keySet()) {
      if (service(name).containsKey("volumes")) {
        mounts(name).forEach((target, source) -> all.put(name + ":" + target, source));
      }
    }
    return all;
  }

  private static void copy(Path source, Path target) throws IOException {
    if (Files.isDirectory(source)) {
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path to = target.resolve(source.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(to);
          } else {
            Files.copy(file, to);
          }
        }
      }
    } else {
      Files.createDirectories(target.getParent());
      Files.copy(source, target);
    }
  }
}
