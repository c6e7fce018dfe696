package dev.modelwatch.testapps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A main class of this module running in a child JVM, the way users run model servers (and the way
 * the agent is attached with {@code -javaagent:}).
 *
 * <p>The child runs this JVM's {@code java} with the module's runtime class path ({@code
 * target/classes} plus {@code target/app-classpath.txt}), the offline settings of the ML libraries,
 * then {@code jvmArgs}; {@code --port 0} is added unless {@code appArgs} has a {@code --port}. Its
 * stdout and stderr go to files under {@code target/forked/}. {@link #start} returns once the child
 * printed {@code LISTENING <port>}; {@link #close} kills it and its descendants.
 */
public final class ForkedServer implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("(?m)^LISTENING (\\d+)\\s*$");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final Process process;
  private final Path stdoutFile;
  private final Path stderrFile;
  private final String description;
  private int port;

  private ForkedServer(Process process, Path stdoutFile, Path stderrFile, String description) {
    this.process = process;
    this.stdoutFile = stdoutFile;
    this.stderrFile = stderrFile;
    this.description = description;
  }

  /**
   * Starts {@code mainClass} in a child JVM and waits (up to 90 s) for its {@code LISTENING} line.
   *
   * @param jvmArgs options before the main class, e.g. {@code -javaagent:...}
   * @param appArgs program arguments
   * @param env environment variables added to this process's environment
   * @throws IllegalStateException if the child exits or stays silent; the message carries the
   *     command and the tail of its output
   */
  public static ForkedServer start(
      String mainClass, List<String> jvmArgs, List<String> appArgs, Map<String, String> env)
      throws IOException {
    return start(javaExecutable(), mainClass, jvmArgs, appArgs, env, true);
  }

  /**
   * Starts {@code mainClass} with the given {@code java} executable (another JDK, say); waits for
   * its {@code LISTENING} line only when {@code awaitListening} (not for a JVM expected to exit).
   */
  public static ForkedServer start(
      String java,
      String mainClass,
      List<String> jvmArgs,
      List<String> appArgs,
      Map<String, String> env,
      boolean awaitListening)
      throws IOException {
    return start(java, classPath(moduleDir()), mainClass, jvmArgs, appArgs, env, awaitListening);
  }

  /**
   * Starts {@code mainClass} on exactly the given class path (an application with its own
   * libraries, say).
   */
  public static ForkedServer start(
      String java,
      String classPath,
      String mainClass,
      List<String> jvmArgs,
      List<String> appArgs,
      Map<String, String> env,
      boolean awaitListening)
      throws IOException {
    Path module = moduleDir();
    List<String> command = new ArrayList<>();
    command.add(java);
    command.add("-cp");
    command.add(classPath);
    command.add("-Dai.djl.offline=true");
    // the JDK HTTP server reads this once per JVM; an agent that starts its endpoint first fixes it
    command.add("-Dsun.net.httpserver.nodelay=true");
    command.addAll(jvmArgs);
    command.add(mainClass);
    command.addAll(appArgs);
    if (!appArgs.contains("--port")) {
      command.add("--port");
      command.add("0");
    }
    Path dir = module.resolve("target").resolve("forked");
    Files.createDirectories(dir);
    String simpleName = mainClass.substring(mainClass.lastIndexOf('.') + 1);
    String base =
        simpleName + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
    Path out = dir.resolve(base + ".out");
    Path err = dir.resolve(base + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(module.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> childEnv = pb.environment();
    childEnv.put("ORT_DISABLE_TELEMETRY", "1");
    childEnv.put("OPT_OUT_TRACKING", "true");
    childEnv.putAll(env);
    ForkedServer server = new ForkedServer(pb.start(), out, err, String.join(" ", command));
    if (!awaitListening) {
      return server;
    }
    try {
      server.awaitListening();
    } catch (RuntimeException | IOException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** Starts with no extra JVM options or environment. */
  public static ForkedServer start(String mainClass, List<String> appArgs) throws IOException {
    return start(mainClass, List.of(), appArgs, Map.of());
  }

  private void awaitListening() throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = LISTENING.matcher(stdout());
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
        return;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "forked server exited with code "
                + process.exitValue()
                + " before printing LISTENING <port>\ncommand: "
                + description
                + "\n"
                + tails());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + description, e);
      }
    }
    throw new IllegalStateException(
        "forked server printed no LISTENING <port> line within "
            + START_TIMEOUT.toSeconds()
            + " s\ncommand: "
            + description
            + "\n"
            + tails());
  }

  private String tails() {
    return "stdout ("
        + stdoutFile
        + "):\n"
        + tail(stdout())
        + "\nstderr ("
        + stderrFile
        + "):\n"
        + tail(stderr());
  }

  private static String tail(String s) {
    return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
  }

  /** This JVM's own {@code java} executable. */
  public static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  public long pid() {
    return process.pid();
  }

  /**
   * Waits until the child's stderr matches {@code regex}; returns its first group, or the whole
   * match when it has none.
   */
  public String awaitStderr(String regex, Duration timeout) throws InterruptedException {
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
        "stderr did not match /" + regex + "/ within " + timeout + "\n" + tails());
  }

  /** Like {@link #awaitStderr}, on the child's stdout. */
  public String awaitStdout(String regex, Duration timeout) throws InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    do {
      Matcher m = pattern.matcher(stdout());
      if (m.find()) {
        return m.groupCount() > 0 ? m.group(1) : m.group();
      }
      if (!process.isAlive()) {
        m = pattern.matcher(stdout());
        if (m.find()) {
          return m.groupCount() > 0 ? m.group(1) : m.group();
        }
        throw new AssertionError(
            "the child exited ("
                + process.exitValue()
                + ") before its stdout matched /"
                + regex
                + "/\n"
                + tails());
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "stdout did not match /" + regex + "/ within " + timeout + "\n" + tails());
  }

  /** Writes {@code line} to the child's standard input. */
  public void sendLine(String line) throws IOException {
    process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /** The port from the child's {@code LISTENING} line. */
  public int port() {
    return port;
  }

  public Process process() {
    return process;
  }

  /** Everything the child wrote to stdout so far. */
  public String stdout() {
    return read(stdoutFile);
  }

  /** Everything the child wrote to stderr so far. */
  public String stderr() {
    return read(stderrFile);
  }

  /**
   * GETs {@code path} (e.g. {@code /stats?model=client07}) from the child's port; the body, or an
   * exception naming the status.
   */
  public String get(String path) throws IOException, InterruptedException {
    return get(port, path);
  }

  /**
   * GETs {@code http://127.0.0.1:<port><path>}; the body of a 200, else an exception with status
   * and body.
   */
  public static String get(int port, String path) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(
          "GET " + path + " on port " + port + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  /** {@code GET /stats[?model=NAME]} of a test model server as name → count. */
  public Map<String, Long> stats(String model) throws IOException, InterruptedException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String line : get(model == null ? "/stats" : "/stats?model=" + model).split("\n")) {
      String[] kv = line.trim().split(" ");
      if (kv.length == 2) {
        out.put(kv[0], Long.parseLong(kv[1]));
      }
    }
    return out;
  }

  /** Kills the child and everything it started, and waits for it to go. */
  @Override
  public void close() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** The test-apps module directory (surefire's {@code basedir}, else the working directory). */
  public static Path moduleDir() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
  }

  /**
   * {@code target/classes} plus the runtime dependencies the build listed in {@code
   * target/app-classpath.txt}.
   */
  public static String classPath(Path module) {
    Path listed = module.resolve("target").resolve("app-classpath.txt");
    if (!Files.isRegularFile(listed)) {
      throw new IllegalStateException(
          listed
              + " is missing; it is written by the maven-dependency-plugin "
              + "in generate-test-resources: run the tests through Maven (mvn -pl test-apps -am verify)");
    }
    String deps = read(listed).trim();
    String classes = module.resolve("target").resolve("classes").toString();
    return deps.isEmpty() ? classes : classes + java.io.File.pathSeparator + deps;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
