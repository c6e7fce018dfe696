package dev.modelwatch.testapps.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A main class of this module in a child JVM, as {@code spark-submit} would start a driver: this
 * JVM's {@code java}, the module's runtime class path ({@code target/classes} plus {@code
 * target/app-classpath.txt}), the options Spark's launcher adds on JDK 17+, then the caller's.
 * Standard input is closed at once; stdout and stderr go to files under {@code target/forked/}.
 */
final class ForkedJob implements AutoCloseable {
  /**
   * What Spark's own launcher puts on every driver and executor JVM on JDK 17+ ({@code
   * org.apache.spark.launcher.JavaModuleOptions} of spark-launcher 4.2.0), less the options JDK 17
   * does not know (ignored there thanks to the first one).
   */
  static final List<String> SPARK_JAVA_OPTIONS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-modules=jdk.incubator.vector",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false",
          "-Dio.netty.tryReflectionSetAccessible=true",
          "-Dio.netty.allocator.type=pooled",
          "-Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE");

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final String command;

  private ForkedJob(Process process, Path stdout, Path stderr, String command) {
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
    this.command = command;
  }

  /**
   * Starts {@code mainClass} with {@code jvmArgs} before it, {@code appArgs} after it and {@code
   * extraEnv} in its environment.
   */
  static ForkedJob start(
      String mainClass, List<String> jvmArgs, List<String> appArgs, Map<String, String> extraEnv)
      throws IOException {
    Path module = moduleDir();
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(classPath(module));
    command.addAll(SPARK_JAVA_OPTIONS);
    command.addAll(jvmArgs);
    command.add(mainClass);
    command.addAll(appArgs);
    Path dir = Files.createDirectories(module.resolve("target").resolve("forked"));
    String base =
        mainClass.substring(mainClass.lastIndexOf('.') + 1)
            + "-"
            + ProcessHandle.current().pid()
            + "-"
            + COUNTER.incrementAndGet();
    Path out = dir.resolve(base + ".out");
    Path err = dir.resolve(base + ".err");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(module.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    Map<String, String> env = pb.environment();
    env.put("ORT_DISABLE_TELEMETRY", "1");
    env.put("OPT_OUT_TRACKING", "true");
    // Spark picks its own address from the host's interfaces unless told: keep it on the loopback
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.putAll(extraEnv);
    return new ForkedJob(pb.start(), out, err, String.join(" ", command));
  }

  Process process() {
    return process;
  }

  /** Waits until stdout matches {@code regex}; the match (the JVM may have exited since). */
  Matcher awaitStdout(String regex, Duration timeout) throws InterruptedException {
    Pattern pattern = Pattern.compile(regex);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean alive = process.isAlive();
      Matcher m = pattern.matcher(stdout());
      if (m.find()) {
        return m;
      }
      if (!alive) {
        throw new AssertionError(
            "the job exited ("
                + process.exitValue()
                + ") before its stdout matched /"
                + regex
                + "/\n"
                + tails());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the job's stdout did not match /" + regex + "/ within " + timeout + "\n" + tails());
      }
      Thread.sleep(20);
    }
  }

  String stdout() {
    return read(stdout);
  }

  String stderr() {
    return read(stderr);
  }

  String tails() {
    return "command: "
        + command
        + "\nstdout ("
        + stdout
        + "):\n"
        + tail(stdout())
        + "\nstderr ("
        + stderr
        + "):\n"
        + tail(stderr());
  }

  /** Kills the job and everything it started, if it is still running. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** This module's directory (surefire's {@code basedir}, else the working directory). */
  static Path moduleDir() {
    return Paths.get(System.getProperty("basedir", System.getProperty("user.dir")))
        .toAbsolutePath();
  }

  /**
   * The module's runtime dependencies, as the build listed them in {@code
   * target/app-classpath.txt}.
   */
  static List<Path> dependencies() {
    Path listed = moduleDir().resolve("target").resolve("app-classpath.txt");
    if (!Files.isRegularFile(listed)) {
      throw new IllegalStateException(
          listed
              + " is missing; the maven-dependency-plugin writes it in generate-test-resources: run the test "
              + "through Maven (mvn -B verify -pl test-apps/spark)");
    }
    List<Path> out = new ArrayList<>();
    for (String entry : read(listed).trim().split(java.io.File.pathSeparator)) {
      if (!entry.isEmpty()) {
        out.add(Paths.get(entry));
      }
    }
    return out;
  }

  private static String classPath(Path module) {
    StringBuilder cp = new StringBuilder(module.resolve("target").resolve("classes").toString());
    for (Path dependency : dependencies()) {
      cp.append(java.io.File.pathSeparator).append(dependency);
    }
    return cp.toString();
  }

  private static String tail(String s) {
    return s.length() <= 6000 ? s : "..." + s.substring(s.length() - 6000);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
