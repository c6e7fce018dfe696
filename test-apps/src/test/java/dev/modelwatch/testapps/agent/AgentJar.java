package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The real shaded agent jar built by the agent module ({@code agent/target/modelwatch-agent.jar}).
 */
public final class AgentJar {
  private AgentJar() {}

  public static Path path() {
    String configured = System.getProperty("modelwatch.agent.jar");
    Path jar =
        configured != null
            ? Paths.get(configured)
            : Paths.get("..", "agent", "target", "modelwatch-agent.jar")
                .toAbsolutePath()
                .normalize();
    assertTrue(
        Files.isRegularFile(jar),
        "the agent jar " + jar + " is missing: build it with `mvn -B -pl agent -am package`");
    return jar;
  }

  /** {@code -javaagent:JAR=ARGS}. */
  public static String javaagent(String arguments) {
    return "-javaagent:" + path() + (arguments == null ? "" : "=" + arguments);
  }
}
