package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.CONFIG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The agent jar's command line: {@code java -jar modelwatch-agent.jar check-config FILE} and
 * friends.
 */
public class CommandLineTest {
  @Test
  void checkConfigPrintsASummaryOfAValidConfig() throws Exception {
    Path config = AgentedServer.writeConfig(CONFIG);
    Result result = run("check-config", config.toString());
    assertEquals(0, result.exit, result.output);
    assertTrue(result.output.contains(config + " is valid."), result.output);
    assertTrue(
        result.output.contains("http://0.0.0.0:9464/metrics (JVM metrics on)"), result.output);
    assertTrue(
        result.output.contains(
            "wine: intercepts dev.modelwatch.testapps.plain.LinearWineModel#predict(float[]) in that type and its subtypes"),
        result.output);
  }

  @Test
  void checkConfigPrintsEveryProblemAndFails() throws Exception {
    Path config = AgentedServer.writeConfig("server:\n  port: 99999\nmodels:\n  - nme: wine\n");
    Result result = run("check-config", config.toString());
    assertEquals(1, result.exit, result.output);
    assertTrue(result.output.contains("4 problems in " + config), result.output);
    assertTrue(
        result.output.contains(
            config + ":2: server.port: must be between 0 and 65535, found 99999"),
        result.output);
    assertTrue(result.output.contains(config + ":4: models[0].intercept: required"), result.output);
    assertTrue(
        result.output.contains(
            config + ":4: models[0].nme: unknown key 'nme'; did you mean 'name'?"),
        result.output);
  }

  @Test
  void checkConfigOfAMissingFileSaysSo() throws Exception {
    Result result = run("check-config", "/nonexistent/modelwatch.yaml");
    assertEquals(1, result.exit, result.output);
    assertTrue(result.output.contains("/nonexistent/modelwatch.yaml"), result.output);
  }

  @Test
  void unknownCommandPrintsUsage() throws Exception {
    Result result = run("chek-config");
    assertEquals(2, result.exit);
    assertTrue(result.output.contains("Unknown command 'chek-config'"), result.output);
    assertTrue(result.output.contains("check-config FILE"), result.output);
  }

  /** {@code java -jar modelwatch-agent.jar ARGS}: its exit status and output. */
  public static Result run(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of(ForkedServer.javaExecutable(), "-jar", AgentJar.path().toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertTrue(process.waitFor(60, TimeUnit.SECONDS));
    return new Result(process.exitValue(), output);
  }

  public static final class Result {
    public final int exit;
    public final String output;

    Result(int exit, String output) {
      this.exit = exit;
      this.output = output;
    }
  }
}
