package dev.modelwatch.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/Dockerfile, checked without a Docker engine: its instructions are read, the files it
 * copies exist and pass its .dockerignore, they land where the Maven-built agent image puts them,
 * and its JAVA_TOOL_OPTIONS really starts the agent when the copied files are laid out under a
 * temporary root.
 */
class DockerfileTest {
  static final String AGENT_OPTION =
      "-javaagent:/modelwatch/modelwatch-agent.jar=config=/modelwatch/config/modelwatch.yaml";

  private static final Path ROOT = RepositoryFiles.root();
  private static final Dockerfile DOCKERFILE = Dockerfile.read(ROOT.resolve("deploy/Dockerfile"));

  @Test
  void baseImagesAreBuildArgumentsAndTheModelServerIsTheDefaultTarget() {
    List<String> args = new ArrayList<>();
    DOCKERFILE.in("", "ARG").forEach(i -> args.add(i.arguments));
    assertEquals(
        List.of("BASE_IMAGE=eclipse-temurin:17-jre", "INIT_BASE_IMAGE=busybox:1.37"), args);
    assertEquals(List.of("agent-files", "agent-init", "model-server"), DOCKERFILE.stages());
    assertEquals(
        "${BASE_IMAGE} AS model-server", DOCKERFILE.in("model-server", "FROM").get(0).arguments);
    assertEquals(
        "${INIT_BASE_IMAGE} AS agent-init", DOCKERFILE.in("agent-init", "FROM").get(0).arguments);
    assertEquals("scratch AS agent-files", DOCKERFILE.in("agent-files", "FROM").get(0).arguments);
  }

  @Test
  void copiesTheBuiltJarAndTheDefaultConfigToTheAgentImagesPaths() {
    Map<String, String> copies = agentFileCopies();
    assertEquals(
        Map.of(
            "agent/target/modelwatch-agent.jar", "/" + AgentImageTest.JAR_PATH,
            "deploy/image/src/main/resources/modelwatch.yaml", "/" + AgentImageTest.CONFIG_PATH),
        copies);
    assertTrue(
        Files.isRegularFile(ROOT.resolve("deploy/image/src/main/resources/modelwatch.yaml")));
    // the jar exists once `mvn package` ran, as it has before these tests
    assertTrue(Files.isRegularFile(ROOT.resolve("agent/target/modelwatch-agent.jar")));
    assertEquals(
        List.of("--from=agent-files /modelwatch /modelwatch"), arguments("model-server", "COPY"));
    assertEquals(
        List.of("--from=agent-files /modelwatch /modelwatch"), arguments("agent-init", "COPY"));
  }

  @Test
  void dockerignoreLetsThroughExactlyTheCopiedFiles() {
    List<String> lines = new ArrayList<>();
    for (String line :
        RepositoryFiles.read(ROOT.resolve("deploy/Dockerfile.dockerignore")).split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        lines.add(line.trim());
      }
    }
    List<String> expected = new ArrayList<>(List.of("*"));
    agentFileCopies().keySet().stream().sorted().forEach(source -> expected.add("!" + source));
    List<String> actual = new ArrayList<>(lines.subList(0, 1));
    lines.subList(1, lines.size()).stream().sorted().forEach(actual::add);
    assertEquals(expected, actual);
  }

  @Test
  void modelServerStageSetsTheAgentOptionKeepsTheBaseImagesOptionsAndExposesTheAgentPort() {
    assertEquals(
        List.of("JAVA_TOOL_OPTIONS=\"" + AGENT_OPTION + " ${JAVA_TOOL_OPTIONS}\""),
        arguments("model-server", "ENV"));
    assertEquals(List.of("9464"), arguments("model-server", "EXPOSE"));
    // a base image's ENTRYPOINT, CMD and USER stay as they were
    assertEquals(List.of(), arguments("model-server", "ENTRYPOINT"));
    assertEquals(List.of(), arguments("model-server", "CMD"));
    assertEquals(List.of(), arguments("model-server", "USER"));
  }

  @Test
  void initStageCopiesTheJarIntoTheVolumeAtTarget() {
    assertEquals(
        List.of("[\"cp\", \"/modelwatch/modelwatch-agent.jar\", \"/target/modelwatch-agent.jar\"]"),
        arguments("agent-init", "ENTRYPOINT"));
    assertEquals(List.of("65532"), arguments("agent-init", "USER"));
  }

  /**
   * Lays out the agent-files stage under a temporary root and starts a JVM with the Dockerfile's
   * option.
   */
  @Test
  void theAgentOptionStartsTheAgentWithTheCopiedConfig(@TempDir Path root) throws Exception {
    for (Map.Entry<String, String> copy : agentFileCopies().entrySet()) {
      Path target = root.resolve(copy.getValue().substring(1));
      Files.createDirectories(target.getParent());
      Files.copy(ROOT.resolve(copy.getKey()), target);
    }
    String option = AGENT_OPTION.replace("/modelwatch/", root + "/modelwatch/");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");

    ToolRun run = ToolRun.run(Map.of("JAVA_TOOL_OPTIONS", option), java.toString(), "-version");

    assertEquals(0, run.exitCode, run::describe);
    assertTrue(
        run.output.contains(
            "[modelwatch] INFO ModelWatch "
                + System.getProperty("modelwatch.version", "0.1.0-SNAPSHOT")
                + " watching 1 model(s) from "
                + root.resolve(AgentImageTest.CONFIG_PATH)),
        run::describe);
  }

  /**
   * The agent-files stage's COPY instructions: source in the build context (the checkout) → path in
   * the image.
   */
  private static Map<String, String> agentFileCopies() {
    Map<String, String> copies = new java.util.TreeMap<>();
    for (Dockerfile.Instruction copy : DOCKERFILE.in("agent-files", "COPY")) {
      String[] words = copy.arguments.split("\\s+");
      assertEquals(2, words.length, copy.toString());
      copies.put(words[0], words[1]);
    }
    return copies;
  }

  private static List<String> arguments(String stage, String keyword) {
    List<String> found = new ArrayList<>();
    DOCKERFILE.in(stage, keyword).forEach(i -> found.add(i.arguments));
    return found;
  }
}
