package dev.modelwatch.testapps.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real Spark job ({@code local[2]}, Spark 4.2: driver and executor in one JVM) scores 2,000 rows
 * in 4 partitions with two Tribuo models inside {@code mapPartitions}, with the shaded agent on its
 * JVM in push mode and no metrics port. After the job's {@code main} returned and its JVM ended, a
 * real Pushgateway holds exactly what the job did, in one group: the configured job name and
 * grouping label, and an {@code instance} of {@code <host>:<pid>}.
 *
 * <p>The classifier is called once per row ({@code predict(Example)}), the regression once per
 * partition ({@code predict(Iterable<Example>)} of the partition's rows); every tenth row leaves
 * {@code sugar} out, which Tribuo reads as missing.
 */
class SparkScoringPushTest {
  static final int ROWS = 2000;
  static final int PARTITIONS = 4;

  /** Spark's own shutdown hooks plus the agent's last push (bounded by push.timeout, 5 s). */
  static final Duration EXIT_AFTER_RETURN = Duration.ofSeconds(15);

  @Test
  void theGatewayHoldsExactlyWhatTheSparkJobScoredOnceItsJvmEnded() throws Exception {
    Path target = ForkedJob.moduleDir().resolve("target");
    try (Pushgateway gateway = Pushgateway.start(target.resolve("pushgateway"))) {
      Path config = AgentJar.writeConfig(PushedScoring.config(gateway.url()));
      long started = System.nanoTime();
      try (ForkedJob job =
          ForkedJob.start(
              SparkScoringJob.class.getName(),
              List.of(AgentJar.javaagent("config=" + config), "-Dspark.ui.enabled=false"),
              List.of(
                  "--rows", Integer.toString(ROWS), "--partitions", Integer.toString(PARTITIONS)),
              Map.of())) {
        PushedScoring.Scored scored =
            new PushedScoring.Scored(
                job.awaitStdout(PushedScoring.SCORED, Duration.ofSeconds(150)));
        job.awaitStdout("RETURNING", Duration.ofSeconds(60));
        long returned = System.nanoTime();
        boolean exited = job.process().waitFor(EXIT_AFTER_RETURN.toMillis(), TimeUnit.MILLISECONDS);
        long ended = System.nanoTime();
        assertTrue(
            exited,
            "the JVM still runs " + EXIT_AFTER_RETURN + " after main returned\n" + job.tails());
        assertEquals(0, job.process().exitValue(), job.tails());
        System.out.printf(
            "local[2] Spark job with the agent: %d ms from start to exit, %d ms from main's return to exit%n",
            (ended - started) / 1_000_000, (ended - returned) / 1_000_000);

        assertEquals(ROWS, scored.rows, job.tails());
        assertEquals(PARTITIONS, scored.partitions);
        assertEquals(PARTITIONS, scored.batches, "one batch call per partition");
        assertTrue(scored.high > 0 && scored.low > 0, "the classifier predicts both classes");
        String stderr = job.stderr();
        assertFalse(
            stderr.contains("serving metrics at"), "server: {port: off} opens no port\n" + stderr);
        assertFalse(
            stderr.contains("[modelwatch] ERROR") || stderr.contains("[modelwatch] WARN"), stderr);

        // the last push was made before the JVM ended
        Exposition pushed = PushedScoring.awaitGroups(gateway, 1, Duration.ofSeconds(10));
        Files.writeString(
            target.resolve("pushgateway").resolve("local-job-metrics.txt"), pushed.text());
        List<String> instances = PushedScoring.instances(pushed);
        assertEquals(1, instances.size(), "one group, the job's JVM: " + instances);
        String pid = Long.toString(job.process().pid());
        assertTrue(
            instances.get(0).endsWith(":" + pid) && instances.get(0).length() > pid.length() + 1,
            "instance is <host>:<pid of the job's JVM> (" + pid + "): " + instances);
        PushedScoring.assertExact(pushed, instances, scored);
      }
    }
  }
}
