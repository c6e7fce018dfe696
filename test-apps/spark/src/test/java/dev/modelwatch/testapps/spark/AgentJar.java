package dev.modelwatch.testapps.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The real shaded agent jar built by the agent module ({@code agent/target/modelwatch-agent.jar}).
 */
final class AgentJar {
  private AgentJar() {}

  static Path path() {
    String configured = System.getProperty("modelwatch.agent.jar");
    Path jar =
        configured != null
            ? Paths.get(configured)
            : Paths.get("..", "..", "agent", "target", "modelwatch-agent.jar")
                .toAbsolutePath()
                .normalize();
    assertTrue(
        Files.isRegularFile(jar),
        "the agent jar " + jar + " is missing: build it with `mvn -B -pl agent -am package`");
    return jar;
  }

  /** {@code -javaagent:JAR=ARGS}. */
  static String javaagent(String arguments) {
    return "-javaagent:" + path() + (arguments == null ? "" : "=" + arguments);
  }

  /** Writes {@code yaml} to a new file under {@code target/configs}; its absolute path. */
  static Path writeConfig(String yaml) throws IOException {
    Path dir = Files.createDirectories(ForkedJob.moduleDir().resolve("target").resolve("configs"));
    Path file = Files.createTempFile(dir, "modelwatch-", ".yaml");
    Files.writeString(file, yaml);
    return file.toAbsolutePath();
  }
}
