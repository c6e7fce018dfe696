package dev.modelwatch.testapps.agent;

import dev.modelwatch.testapps.ForkedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A forked model server with the real shaded agent on {@code -javaagent:}, and the agent's port.
 */
public final class AgentedServer implements AutoCloseable {
  /**
   * The agent's start-up line names the endpoint; tests start it on port 0 and read the port here.
   */
  public static final String SERVING =
      "serving (?:only the agent's own )?metrics at https?://[^ ]+:(\\d+)/metrics";

  private final ForkedServer server;
  private final int agentPort;

  private AgentedServer(ForkedServer server, int agentPort) {
    this.server = server;
    this.agentPort = agentPort;
  }

  /** Writes {@code yaml} to a temp file and starts {@code mainClass} with the agent on port 0. */
  public static AgentedServer start(String mainClass, String yaml, List<String> appArgs)
      throws IOException, InterruptedException {
    return start(mainClass, yaml, appArgs, List.of(), Map.of());
  }

  public static AgentedServer start(
      String mainClass,
      String yaml,
      List<String> appArgs,
      List<String> jvmArgs,
      Map<String, String> env)
      throws IOException, InterruptedException {
    Path config = writeConfig(yaml);
    List<String> args = new ArrayList<>();
    args.add(AgentJar.javaagent("config=" + config + ",port=0"));
    args.addAll(jvmArgs);
    return startWith(mainClass, args, appArgs, env);
  }

  /**
   * Starts with exactly these JVM arguments (the caller supplies -javaagent) and awaits the agent's
   * port.
   */
  public static AgentedServer startWith(
      String mainClass, List<String> jvmArgs, List<String> appArgs, Map<String, String> env)
      throws IOException, InterruptedException {
    ForkedServer server = ForkedServer.start(mainClass, jvmArgs, appArgs, env);
    try {
      int port = Integer.parseInt(server.awaitStderr(SERVING, Duration.ofSeconds(30)));
      return new AgentedServer(server, port);
    } catch (RuntimeException | Error | InterruptedException e) {
      server.close();
      throw e;
    }
  }

  public static Path writeConfig(String yaml) throws IOException {
    Path dir = Files.createDirectories(Paths.get("target", "configs"));
    Path file = Files.createTempFile(dir, "modelwatch-", ".yaml");
    Files.writeString(file, yaml);
    return file.toAbsolutePath();
  }

  public ForkedServer server() {
    return server;
  }

  public int appPort() {
    return server.port();
  }

  public int agentPort() {
    return agentPort;
  }

  public Scrape scrape() throws IOException, InterruptedException {
    return Scrape.of(agentPort);
  }

  @Override
  public void close() {
    server.close();
  }
}
