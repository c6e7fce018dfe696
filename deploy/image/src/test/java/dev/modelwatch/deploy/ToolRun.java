package dev.modelwatch.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a command-line tool (the agent jar's check-config, promtool) with its exit code and
 * output.
 */
final class ToolRun {
  private static final long TIMEOUT_SECONDS = 60;

  final String command;
  final int exitCode;
  final String output;

  private ToolRun(String command, int exitCode, String output) {
    this.command = command;
    this.exitCode = exitCode;
    this.output = output;
  }

  /** {@code java -jar agentJar check-config config}: exit 0 when the config is valid. */
  static ToolRun checkConfig(Path agentJar, Path config) throws IOException, InterruptedException {
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    return run(java.toString(), "-jar", agentJar.toString(), "check-config", config.toString());
  }

  /** promtool from the environment variable PROMTOOL, else from the PATH. */
  static ToolRun promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(promtoolExecutable());
    command.addAll(Arrays.asList(args));
    return run(command.toArray(new String[0]));
  }

  static ToolRun run(String... command) throws IOException, InterruptedException {
    return run(Map.of(), command);
  }

  /** Runs {@code command} with {@code environment} added to this JVM's environment. */
  static ToolRun run(Map<String, String> environment, String... command)
      throws IOException, InterruptedException {
    Path output = Files.createTempFile("modelwatch-deploy-tool", ".log");
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(environment);
      Process process =
          builder
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .start();
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException(
            String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
      }
      return new ToolRun(
          String.join(" ", command),
          process.exitValue(),
          Files.readString(output, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(output);
    }
  }

  String describe() {
    return command + " exited with " + exitCode + ":\n" + output;
  }

  private static String promtoolExecutable() {
    String configured = System.getenv("PROMTOOL");
    if (configured != null && !configured.isEmpty()) {
      return configured;
    }
    String searchPath = System.getenv("PATH");
    for (String dir : (searchPath == null ? "" : searchPath).split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Paths.get(dir, "promtool"))) {
        return Paths.get(dir, "promtool").toString();
      }
    }
    throw new IllegalStateException(
        "promtool is not installed (not on PATH="
            + searchPath
            + "): install it with"
            + " 'apt-get install -y prometheus' (Debian/Ubuntu), or set the environment variable PROMTOOL to its path.");
  }
}
