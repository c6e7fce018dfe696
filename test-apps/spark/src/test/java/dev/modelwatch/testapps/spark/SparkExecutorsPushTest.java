package dev.modelwatch.testapps.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The same Spark job on a real standalone cluster in miniature ({@code local-cluster[2,1,512]}: a
 * master and two workers inside the driver's JVM, each worker starting an executor JVM of its own,
 * as on a cluster), with the agent on the executors only, through {@code
 * spark.executor.extraJavaOptions=-javaagent:...}. The application's classes and Tribuo reach the
 * executors as {@code spark.jars}: each executor fetches them from the driver and loads them
 * through Spark's own class loader, not from its class path.
 *
 * <p>Each executor JVM pushes a group of its own ({@code instance} = {@code <host>:<its pid>}),
 * both executors scored some of the rows, and the groups added up (as {@code sum by (model)} adds
 * them) equal exactly what the job scored, once the executor JVMs have ended.
 */
class SparkExecutorsPushTest {
  static final int EXECUTORS = 2;
  static final int ROWS = 2000;
  static final int PARTITIONS = 4;

  @Test
  void eachExecutorPushesItsOwnGroupAndTheGroupsAddUpToExactlyWhatTheJobScored() throws Exception {
    Path target = ForkedJob.moduleDir().resolve("target");
    Path run =
        Files.createTempDirectory(
            Files.createDirectories(target.resolve("spark-executors")), "run-");
    Path sparkHome = sparkHome(run.resolve("spark-home"));
    List<String> userJars = new ArrayList<>();
    userJars.add(jobJar(target.resolve("classes"), run.resolve("scoring-job.jar")).toString());
    for (Path dependency : ForkedJob.dependencies()) {
      if (isApplicationLibrary(dependency)) {
        userJars.add(dependency.toString());
      }
    }
    List<Long> executorPids = new ArrayList<>();
    try (Pushgateway gateway = Pushgateway.start(target.resolve("pushgateway"))) {
      Path config = AgentJar.writeConfig(PushedScoring.config(gateway.url()));
      List<String> sparkConf =
          List.of(
              "-Dspark.ui.enabled=false",
              "-Dspark.jars=" + String.join(",", userJars),
              "-Dspark.executor.extraJavaOptions=" + AgentJar.javaagent("config=" + config),
              "-Dspark.executor.memory=512m",
              // both executors registered before the first task (waiting up to 2 minutes on a busy
              // machine rather than the default 30 s), so that both score some partitions
              "-Dspark.scheduler.minRegisteredResourcesRatio=1.0",
              "-Dspark.scheduler.maxRegisteredResourcesWaitingTime=120s");
      long started = System.nanoTime();
      try (ForkedJob driver =
          ForkedJob.start(
              SparkScoringJob.class.getName(),
              sparkConf,
              List.of(
                  "--master", "local-cluster[" + EXECUTORS + ",1,512]",
                  "--rows", Integer.toString(ROWS),
                  "--partitions", Integer.toString(PARTITIONS)),
              Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13"))) {
        PushedScoring.Scored scored =
            new PushedScoring.Scored(
                driver.awaitStdout(PushedScoring.SCORED, Duration.ofSeconds(150)));
        driver.awaitStdout("RETURNING", Duration.ofSeconds(60));
        assertTrue(
            driver.process().waitFor(30, TimeUnit.SECONDS), "the driver ended\n" + driver.tails());
        assertEquals(0, driver.process().exitValue(), driver.tails());
        assertEquals(ROWS, scored.rows, driver.tails());
        assertEquals(PARTITIONS, scored.batches);
        assertFalse(
            driver.stderr().contains("[modelwatch]"),
            "the driver runs without the agent\n" + driver.stderr());

        Exposition page = PushedScoring.awaitGroups(gateway, EXECUTORS, Duration.ofSeconds(30));
        List<String> instances = PushedScoring.instances(page);
        assertEquals(EXECUTORS, instances.size(), "one group per executor JVM: " + instances);
        for (String instance : instances) {
          long pid = Long.parseLong(instance.substring(instance.lastIndexOf(':') + 1));
          assertNotEquals(driver.process().pid(), pid, "an executor's own JVM: " + instance);
          executorPids.add(pid);
        }
        assertEquals(
            EXECUTORS,
            new HashSet<>(executorPids).size(),
            "executors have pids of their own: " + instances);
        // an executor's last push is made before its JVM ends: after that the gateway holds all it
        // did
        for (long pid : executorPids) {
          awaitEnd(pid, Duration.ofSeconds(30));
        }
        System.out.printf(
            "local-cluster Spark job, agent on %d executors: %d ms from start until the executors ended%n",
            EXECUTORS, (System.nanoTime() - started) / 1_000_000);
        page = gateway.metrics();
        Files.writeString(run.resolve("gateway-metrics.txt"), page.text());
        assertEquals(instances, PushedScoring.instances(page));
        PushedScoring.assertExact(page, instances, scored);
        for (String instance : instances) {
          assertTrue(
              page.value(
                      "model_predictions_total",
                      concat(PushedScoring.group(instance), "model", PushedScoring.CLASSIFIER))
                  > 0,
              "every executor scored some rows, so the total is a sum over executors: " + instance);
        }
        assertExecutorLogs(sparkHome.resolve("work"));
      }
    } finally {
      for (long pid : executorPids) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /**
   * Each executor's stderr (under the worker's work directory) shows the agent watching both
   * models, Tribuo added to Spark's class loader from the fetched jar, and nothing wrong.
   */
  private static void assertExecutorLogs(Path work) throws IOException {
    List<Path> logs;
    try (Stream<Path> files = Files.walk(work)) {
      logs =
          files
              .filter(p -> p.getFileName().toString().equals("stderr"))
              .collect(Collectors.toList());
    }
    assertEquals(EXECUTORS, logs.size(), "one stderr per executor under " + work + ": " + logs);
    for (Path log : logs) {
      String text = Files.readString(log);
      assertTrue(
          text.contains("[modelwatch] INFO ModelWatch") && text.contains("watching 2 model(s)"),
          log + "\n" + text);
      assertTrue(
          text.contains("tribuo-core-4.3.2.jar to class loader"),
          "Tribuo comes from spark.jars: " + log + "\n" + text);
      assertFalse(
          text.contains("[modelwatch] ERROR") || text.contains("[modelwatch] WARN"),
          log + "\n" + text);
    }
  }

  /**
   * A Spark installation as the workers need one to start executors: {@code jars/} holds Spark and
   * its libraries (links to the module's dependencies), without the application's own libraries.
   */
  private static Path sparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Set<String> names = new HashSet<>();
    for (Path dependency : ForkedJob.dependencies()) {
      if (isApplicationLibrary(dependency)) {
        continue;
      }
      String name = dependency.getFileName().toString();
      if (!names.add(name)) {
        name = names.size() + "-" + name;
      }
      Files.createSymbolicLink(jars.resolve(name), dependency);
    }
    return home;
  }

  /** Tribuo and its OLCUT configuration library: shipped with the job, not installed with Spark. */
  private static boolean isApplicationLibrary(Path jar) {
    String path = jar.toString().replace('\\', '/');
    return path.contains("/org/tribuo/") || path.contains("/com/oracle/labs/olcut/");
  }

  /**
   * The job's classes ({@code dev/...} under {@code classes}) as a jar, as an application ships
   * them.
   */
  private static Path jobJar(Path classes, Path jar) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(classes.resolve("dev"))) {
      files = walk.filter(Files::isRegularFile).sorted().collect(Collectors.toList());
    }
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream jarOut = new JarOutputStream(out)) {
      for (Path file : files) {
        jarOut.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, jarOut);
        jarOut.closeEntry();
      }
    }
    return jar;
  }

  private static void awaitEnd(long pid, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    while (handle.isPresent() && handle.get().isAlive()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "executor JVM " + pid + " still runs " + timeout + " after the driver ended");
      }
      Thread.sleep(50);
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
