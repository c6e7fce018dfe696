package dev.modelwatch.testapps.rules;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Prometheus' {@code promtool}, run as a process. */
public final class Promtool {

  /** What to do when promtool cannot be found. */
  public static final String INSTALL_HINT =
      "Install Prometheus' promtool with 'apt-get install -y prometheus'"
          + " (Debian/Ubuntu), or put the promtool of a Prometheus release on the PATH, or set the environment"
          + " variable PROMTOOL to its path.";

  private static final long TIMEOUT_SECONDS = 300;

  private final Path executable;

  private Promtool(Path executable) {
    this.executable = executable;
  }

  /** promtool from the environment variable {@code PROMTOOL}, else from the {@code PATH}. */
  public static Promtool locate() {
    String configured = System.getenv("PROMTOOL");
    if (configured != null && !configured.isEmpty()) {
      Path path = Paths.get(configured);
      if (!Files.isExecutable(path)) {
        throw new IllegalStateException(
            "PROMTOOL=" + configured + " is not an executable file. " + INSTALL_HINT);
      }
      return new Promtool(path);
    }
    String searchPath = System.getenv("PATH");
    if (searchPath != null) {
      for (String dir : searchPath.split(File.pathSeparator)) {
        if (dir.isEmpty()) {
          continue;
        }
        Path candidate = Paths.get(dir, "promtool");
        if (Files.isExecutable(candidate)) {
          return new Promtool(candidate);
        }
      }
    }
    throw new IllegalStateException(
        "promtool is not installed (not found on PATH=" + searchPath + "). " + INSTALL_HINT);
  }

  /** Runs {@code promtool args...} in {@code workingDirectory} and waits for it. */
  public Result run(Path workingDirectory, String... args)
      throws IOException, InterruptedException {
    return runWithInput(workingDirectory, "", args);
  }

  /**
   * Runs {@code promtool args...} with {@code input} on its standard input (e.g. {@code check
   * metrics}).
   */
  public Result runWithInput(Path workingDirectory, String input, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    command.addAll(Arrays.asList(args));
    Process process =
        new ProcessBuilder(command)
            .directory(workingDirectory.toFile())
            .redirectErrorStream(true)
            .start();
    try (var stdin = process.getOutputStream()) {
      stdin.write(input.getBytes(StandardCharsets.UTF_8));
    }
    // Read on another thread so a chatty promtool never blocks on a full pipe.
    StringBuilder output = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (InputStream in = process.getInputStream()) {
                output.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                output.append("(reading promtool's output failed: ").append(e).append(')');
              }
            },
            "promtool-output");
    reader.start();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      reader.join(TimeUnit.SECONDS.toMillis(10));
      throw new IOException(
          String.join(" ", command)
              + " in "
              + workingDirectory
              + " did not finish within "
              + TIMEOUT_SECONDS
              + "s; output so far:\n"
              + output);
    }
    reader.join();
    return new Result(String.join(" ", command), process.exitValue(), output.toString());
  }

  /** The exit code and the combined standard output and error of one run. */
  public static final class Result {
    private final String command;
    private final int exitCode;
    private final String output;

    Result(String command, int exitCode, String output) {
      this.command = command;
      this.exitCode = exitCode;
      this.output = output;
    }

    public int exitCode() {
      return exitCode;
    }

    public String output() {
      return output;
    }

    public boolean succeeded() {
      return exitCode == 0;
    }

    /** The command, its exit code and its output, for failure messages. */
    public String describe() {
      return command + " exited with " + exitCode + ":\n" + output;
    }
  }
}
