package dev.modelwatch.testapps;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test app's main class running in a child JVM, with the module's runtime class path. Its output
 * goes to files; {@code LISTENING <port>} on standard output marks it ready. Closing kills the
 * process tree.
 */
public final class ForkedServer implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("(?m)^LISTENING (\\d+)$");

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final int port;

  private ForkedServer(Process process, Path stdout, Path stderr, int port) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.port = port;
  }

  public static ForkedServer start(
      String mainClass, List<String> jvmArgs, List<String> appArgs, Map<String, String> env)
      throws IOException, InterruptedException {
    return start(javaExecutable(), mainClass, jvmArgs, appArgs, env, true);
  }

  /** Starts without waiting for LISTENING when {@code awaitListening} is false (e.g. JVMs meant to exit). */
  public static ForkedServer start(
      String java,
      String mainClass,
      List<String> jvmArgs,
      List<String> appArgs,
      Map<String, String> env,
      boolean awaitListening)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classPath());
    command.add(mainClass);
    command.addAll(appArgs);
    Path dir = Files.createDirectories(Paths.get("target", "forked"));
    String name = mainClass.substring(mainClass.lastIndexOf('.') + 1);
    Path out = Files.createTempFile(dir, name + "-", ".out");
    Path err = Files.createTempFile(dir, name + "-", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().put("ORT_DISABLE_TELEMETRY", "1");
    builder.environment().put("OPT_OUT_TRACKING", "true");
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!awaitListening) {
      return new ForkedServer(process, out, err, -1);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(Files.readString(out, StandardCharsets.UTF_8));
      if (m.find()) {
        return new ForkedServer(process, out, err, Integer.parseInt(m.group(1)));
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with " + process.exitValue() + " before listening:\n" + Files.readString(out) + Files.readString(err));
      }
      Thread.sleep(50);
    }
    process.destroyForcibly();
    throw new IllegalStateException(name + " did not print LISTENING within 90 s:\n" + Files.readString(err));
  }

  public static String javaExecutable() {
    return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** target/classes plus the runtime dependencies listed by maven-dependency-plugin. */
  public static String classPath() throws IOException {
    Path listed = Paths.get("target", "app-classpath.txt");
    String deps = Files.exists(listed) ? Files.readString(listed).trim() : "";
    String classes = Paths.get("target", "classes").toAbsolutePath().toString();
    return deps.isEmpty() ? classes : classes + File.pathSeparator + deps;
  }

  public int port() {
    return port;
  }

  public long pid() {
    return process.pid();
  }

  public Process process() {
    return process;
  }

  public String stdout() throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8);
  }

  public String stderr() throws IOException {
    return Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /** Waits until standard error matches {@code regex}; returns the first group (or whole match). */
  public String awaitStderr(String regex, Duration timeout) throws IOException, InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      Matcher m = pattern.matcher(stderr());
      if (m.find()) {
        return m.groupCount() > 0 ? m.group(1) : m.group();
      }
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "standard error did not match /" + regex + "/ within " + timeout + ":\n" + stderr());
  }

  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
