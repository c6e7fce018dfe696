package dev.modelwatch.deploy;

import static dev.modelwatch.deploy.RepositoryFiles.at;
import static dev.modelwatch.deploy.RepositoryFiles.list;
import static dev.modelwatch.deploy.RepositoryFiles.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * deploy/kubernetes, checked without a cluster: the ConfigMap's config is accepted by the agent,
 * and in both Deployments the paths line up (the jar lands where JAVA_TOOL_OPTIONS looks for it,
 * the ConfigMap where the config is read), the agent port is the config's, and the scrape
 * annotations and the PodMonitor select it.
 */
class KubernetesManifestsTest {
  private static final Path ROOT = RepositoryFiles.root();
  private static final Path K8S = ROOT.resolve("deploy/kubernetes");
  private static final String JAR = "/modelwatch/modelwatch-agent.jar";
  private static final String CONFIG = "/modelwatch/config/modelwatch.yaml";

  @Test
  void theFilesHoldOneResourceEachOfTheExpectedKinds() {
    Map<String, String> kinds = new LinkedHashMap<>();
    for (String file :
        List.of(
            "modelwatch-config.yaml",
            "model-server.yaml",
            "model-server-image-volume.yaml",
            "podmonitor.yaml")) {
      List<Map<String, Object>> documents = RepositoryFiles.yamlDocuments(K8S.resolve(file));
      assertEquals(1, documents.size(), file);
      kinds.put(file, documents.get(0).get("apiVersion") + " " + documents.get(0).get("kind"));
    }
    assertEquals(
        Map.of(
            "modelwatch-config.yaml", "v1 ConfigMap",
            "model-server.yaml", "apps/v1 Deployment",
            "model-server-image-volume.yaml", "apps/v1 Deployment",
            "podmonitor.yaml", "monitoring.coreos.com/v1 PodMonitor"),
        kinds);
  }

  @Test
  void theConfigMapsConfigIsTheDemoModelAndTheAgentAcceptsIt(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("modelwatch.yaml");
    Files.writeString(config, configMapText(), StandardCharsets.UTF_8);

    ToolRun check = ToolRun.checkConfig(ROOT.resolve("agent/target/modelwatch-agent.jar"), config);

    assertEquals(0, check.exitCode, check::describe);
    assertEquals(demoConfigWithoutBaseline(), RepositoryFiles.yaml(config));
  }

  /** The demo's config as a cluster gets it: no baseline file ships with the manifests. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> demoConfigWithoutBaseline() {
    Map<String, Object> demo = RepositoryFiles.yaml(ROOT.resolve("deploy/demo/modelwatch.yaml"));
    for (Map<String, Object> model : (List<Map<String, Object>>) demo.get("models")) {
      model.remove("baseline");
      model.remove("drift");
    }
    return demo;
  }

  @ParameterizedTest
  @ValueSource(strings = {"model-server.yaml", "model-server-image-volume.yaml"})
  void theServerContainerLoadsTheAgentWithTheConfigMapsConfig(String file) {
    Map<String, Object> pod = podSpec(file);
    Map<String, Object> server = container(pod, "containers", "model-server");
    assertEquals(
        List.of(Map.of("name", "JAVA_TOOL_OPTIONS", "value", DockerfileTest.AGENT_OPTION)),
        server.get("env"));
    assertEquals(
        "-javaagent:" + JAR + "=config=" + CONFIG,
        DockerfileTest.AGENT_OPTION,
        "the paths this test follows");

    Map<String, Map<String, Object>> mounts = mountsByPath(server);
    Map<String, Object> configMount = mounts.get("/modelwatch/config");
    assertEquals(true, configMount.get("readOnly"));
    Map<String, Object> configVolume = volume(pod, String.valueOf(configMount.get("name")));
    assertEquals(Map.of("name", "modelwatch-config"), configVolume.get("configMap"));
    assertEquals("modelwatch-config", at(configMap(), "metadata", "name"));
    // the key becomes the file name under the mount
    assertEquals(
        List.of("modelwatch.yaml"), new ArrayList<>(map(configMap().get("data"), "data").keySet()));
    assertEquals(true, mounts.get("/modelwatch").get("readOnly"));
  }

  /**
   * The agent needs no writable file system, no root and no capability (ReadOnlyFileSystemTest in
   * test-apps).
   */
  @ParameterizedTest
  @ValueSource(strings = {"model-server.yaml", "model-server-image-volume.yaml"})
  void everyContainerRunsReadOnlyAsNonRootWithoutCapabilities(String file) {
    Map<String, Object> pod = podSpec(file);
    List<Map<String, Object>> containers = new ArrayList<>();
    containers.add(container(pod, "containers", "model-server"));
    if (pod.containsKey("initContainers")) {
      containers.add(container(pod, "initContainers", "modelwatch-agent"));
    }
    for (Map<String, Object> container : containers) {
      Map<String, Object> security =
          map(container.get("securityContext"), container.get("name") + ".securityContext");
      assertEquals(
          true, security.get("readOnlyRootFilesystem"), file + " " + container.get("name"));
      assertEquals(true, security.get("runAsNonRoot"), file + " " + container.get("name"));
      assertEquals(
          false, security.get("allowPrivilegeEscalation"), file + " " + container.get("name"));
      assertEquals(
          Map.of("drop", List.of("ALL")),
          security.get("capabilities"),
          file + " " + container.get("name"));
    }
  }

  @Test
  void theInitContainerCopiesTheJarWhereTheServerLooksForIt() {
    Map<String, Object> pod = podSpec("model-server.yaml");
    Map<String, Object> init = container(pod, "initContainers", "modelwatch-agent");
    // the init image's entrypoint (deploy/Dockerfile, stage agent-init) copies the jar to this file
    String copied = "/target/modelwatch-agent.jar";
    assertEquals(
        List.of("[\"cp\", \"/modelwatch/modelwatch-agent.jar\", \"" + copied + "\"]"),
        entrypointOfInitStage());
    Map<String, Map<String, Object>> initMounts = mountsByPath(init);
    assertEquals(List.of("/target"), new ArrayList<>(initMounts.keySet()));
    String volumeName = String.valueOf(initMounts.get("/target").get("name"));
    assertTrue(
        volume(pod, volumeName).containsKey("emptyDir"),
        "the jar's volume: " + volume(pod, volumeName));

    Map<String, Object> serverMount =
        mountsByPath(container(pod, "containers", "model-server")).get("/modelwatch");
    assertEquals(volumeName, serverMount.get("name"));
    assertEquals(JAR, "/modelwatch" + copied.substring("/target".length()));
  }

  @Test
  void theImageVolumeMountsTheAgentImagesDirectoryWhereTheServerLooksForTheJar() {
    Map<String, Object> pod = podSpec("model-server-image-volume.yaml");
    assertTrue(!pod.containsKey("initContainers"), "no init container with an image volume");
    Map<String, Object> mount =
        mountsByPath(container(pod, "containers", "model-server")).get("/modelwatch");
    Map<String, Object> image =
        map(volume(pod, String.valueOf(mount.get("name"))).get("image"), "image volume");
    assertEquals(
        Map.of(
            "reference",
            "registry.example.com/modelwatch-agent:0.1.0",
            "pullPolicy",
            "IfNotPresent"),
        image);
    // the image holds modelwatch/modelwatch-agent.jar and modelwatch/config/ (AgentImageTest): the
    // subPath
    // puts the jar at the javaagent path, and the ConfigMap is mounted over the image's config
    // directory
    assertEquals("modelwatch", mount.get("subPath"));
    assertEquals(
        AgentImageTest.JAR_PATH, mount.get("subPath") + JAR.substring("/modelwatch".length()));
    assertEquals(
        AgentImageTest.CONFIG_PATH,
        mount.get("subPath") + CONFIG.substring("/modelwatch".length()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"model-server.yaml", "model-server-image-volume.yaml"})
  void theAgentPortIsAnnotatedForScrapingAndSelectedByThePodMonitor(String file) {
    int port =
        (Integer)
            at(
                RepositoryFiles.yaml(configMapText(), "the ConfigMap's modelwatch.yaml"),
                "server",
                "port");
    Map<String, Object> deployment = RepositoryFiles.yaml(K8S.resolve(file));
    Map<String, Object> metadata =
        map(at(deployment, "spec", "template", "metadata"), "template.metadata");
    assertEquals(
        Map.of(
            "prometheus.io/scrape",
            "true",
            "prometheus.io/port",
            String.valueOf(port),
            "prometheus.io/path",
            "/metrics"),
        metadata.get("annotations"));

    Map<String, Object> labels = map(metadata.get("labels"), "template labels");
    Map<String, Object> selector =
        map(at(deployment, "spec", "selector", "matchLabels"), "selector");
    assertTrue(
        labels.entrySet().containsAll(selector.entrySet()),
        "labels " + labels + " selector " + selector);

    Map<String, Object> podMonitor = RepositoryFiles.yaml(K8S.resolve("podmonitor.yaml"));
    Map<String, Object> monitorSelector =
        map(at(podMonitor, "spec", "selector", "matchLabels"), "matchLabels");
    assertTrue(
        labels.entrySet().containsAll(monitorSelector.entrySet()),
        "the PodMonitor selects " + monitorSelector + ", the pods have " + labels);
    List<Object> endpoints =
        list(at(podMonitor, "spec", "podMetricsEndpoints"), "podMetricsEndpoints");
    assertEquals(1, endpoints.size());
    String portName = String.valueOf(map(endpoints.get(0), "endpoint").get("port"));
    assertEquals("/metrics", map(endpoints.get(0), "endpoint").get("path"));

    Map<String, Object> server = container(podSpec(file), "containers", "model-server");
    Map<String, Object> named = null;
    for (Object p : list(server.get("ports"), "ports")) {
      if (portName.equals(map(p, "port").get("name"))) {
        named = map(p, "port");
      }
    }
    assertEquals(Map.of("name", portName, "containerPort", port), named);
  }

  private static String configMapText() {
    return String.valueOf(map(configMap().get("data"), "data").get("modelwatch.yaml"));
  }

  private static Map<String, Object> configMap() {
    return RepositoryFiles.yaml(K8S.resolve("modelwatch-config.yaml"));
  }

  private static Map<String, Object> podSpec(String file) {
    return map(
        at(RepositoryFiles.yaml(K8S.resolve(file)), "spec", "template", "spec"),
        file + " pod spec");
  }

  private static Map<String, Object> container(Map<String, Object> pod, String list, String name) {
    for (Object c : list(pod.get(list), list)) {
      if (name.equals(map(c, list).get("name"))) {
        return map(c, name);
      }
    }
    throw new AssertionError("no " + list + " entry named " + name + " in " + pod.get(list));
  }

  private static Map<String, Object> volume(Map<String, Object> pod, String name) {
    for (Object v : list(pod.get("volumes"), "volumes")) {
      if (name.equals(map(v, "volume").get("name"))) {
        return map(v, name);
      }
    }
    throw new AssertionError("no volume named " + name + " in " + pod.get("volumes"));
  }

  private static Map<String, Map<String, Object>> mountsByPath(Map<String, Object> container) {
    Map<String, Map<String, Object>> mounts = new LinkedHashMap<>();
    for (Object m : list(container.get("volumeMounts"), "volumeMounts")) {
      Map<String, Object> mount = map(m, "volumeMount");
      mounts.put(String.valueOf(mount.get("mountPath")), mount);
    }
    return mounts;
  }

  private static List<String> entrypointOfInitStage() {
    List<String> found = new ArrayList<>();
    Dockerfile.read(ROOT.resolve("deploy/Dockerfile"))
        .in("agent-init", "ENTRYPOINT")
        .forEach(i -> found.add(i.arguments));
    return found;
  }
}
