package dev.modelwatch.testapps.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * A real Spark job ({@code local[2]}, Spark 4.2) scores 2,000 rows in 4 partitions with two Tribuo
 * models inside {@code mapPartitions}, with the shaded agent on its JVM in push mode and no metrics
 * port; after the job's {@code main} returned and the JVM ended, a real Pushgateway holds exactly
 * what the job did, under the configured job name and grouping label and an {@code instance} of
 * {@code <host>:<pid>}.
 *
 * <p>The classifier is called once per row ({@code predict(Example)}), the regression once per
 * partition ({@code predict(Iterable<Example>)} of the partition's rows); every tenth row leaves
 * {@code sugar} out, which Tribuo reads as missing.
 */
class SparkScoringPushTest {
  static final int ROWS = 2000;
  static final int PARTITIONS = 4;
  static final String JOB = "spark-scoring";
  static final String APP = "wine-spark";
  static final String CLASSIFIER = "wine-spark-class";
  static final String REGRESSION = "wine-spark-quality";
  static final String[] FEATURES = WineRows.FEATURES;
  /** The job's own exit (Spark's shutdown hooks) plus the agent's final push, bounded to a few seconds. */
  static final Duration EXIT_AFTER_RETURN = Duration.ofSeconds(15);

  static String config(String gateway) {
    StringBuilder features = new StringBuilder();
    for (String f : FEATURES) {
      features.append("      - {name: ").append(f).append("}\n");
    }
    return String.join(
        "\n",
        "server: {port: off}",
        "push:",
        "  pushgateway: " + gateway,
        "  job: " + JOB,
        "  interval: 1s",
        "  grouping: {app: " + APP + "}",
        "models:",
        "  - name: " + CLASSIFIER,
        "    intercept: {library: tribuo, model_class: org.tribuo.classification.sgd.linear.LinearSGDModel}",
        "    features:",
        features + "    outputs:",
        "      - {name: quality_class, kind: classification}",
        "  - name: " + REGRESSION,
        "    intercept: {library: tribuo, model_class: org.tribuo.regression.sgd.linear.LinearSGDModel}",
        "    features:",
        features + "    outputs:",
        "      - {name: quality, kind: regression, key: quality}",
        "");
  }

  @Test
  void theGatewayHoldsExactlyWhatTheSparkJobScoredAfterItsJvmEnded() throws Exception {
    Path target = ForkedJob.moduleDir().resolve("target");
    try (Pushgateway gateway = Pushgateway.start(target.resolve("pushgateway"))) {
      Path config = AgentJar.writeConfig(config(gateway.url()));
      long started = System.nanoTime();
      try (ForkedJob job =
          ForkedJob.start(
              SparkScoringJob.class.getName(),
              List.of(AgentJar.javaagent("config=" + config), "-Dspark.ui.enabled=false"),
              List.of("--rows", Integer.toString(ROWS), "--partitions", Integer.toString(PARTITIONS)))) {
        Matcher scored =
            job.awaitStdout(
                "SCORED rows=(\\d+) partitions=(\\d+) batches=(\\d+) high=(\\d+) low=(\\d+) quality_sum=(\\S+)",
                Duration.ofSeconds(150));
        job.awaitStdout("RETURNING", Duration.ofSeconds(60));
        long returned = System.nanoTime();
        boolean exited = job.process().waitFor(EXIT_AFTER_RETURN.toMillis(), TimeUnit.MILLISECONDS);
        long ended = System.nanoTime();
        assertTrue(exited, "the JVM still runs " + EXIT_AFTER_RETURN + " after main returned\n" + job.tails());
        assertEquals(0, job.process().exitValue(), job.tails());
        System.out.printf(
            "Spark job with the agent: %d ms from start to exit, %d ms from main's return to exit%n",
            (ended - started) / 1_000_000, (ended - returned) / 1_000_000);

        long rows = Long.parseLong(scored.group(1));
        long batches = Long.parseLong(scored.group(3));
        long high = Long.parseLong(scored.group(4));
        long low = Long.parseLong(scored.group(5));
        double qualitySum = Double.parseDouble(scored.group(6));
        assertEquals(ROWS, rows, job.tails());
        assertEquals(PARTITIONS, Long.parseLong(scored.group(2)));
        assertEquals(PARTITIONS, batches, "one batch call per partition");
        assertTrue(high > 0 && low > 0, "the classifier predicts both classes: " + scored.group());
        long sugarMissing = (ROWS + WineRows.SUGAR_MISSING_EVERY - 1) / WineRows.SUGAR_MISSING_EVERY;

        String stderr = job.stderr();
        assertFalse(stderr.contains("serving metrics at"), "server: {port: off} opens no port\n" + stderr);
        assertFalse(stderr.contains("[modelwatch] ERROR"), stderr);

        // the final push happened before the JVM ended; the gateway shows it once the group is there
        Exposition pushed = awaitGroup(gateway, Duration.ofSeconds(10));
        List<Exposition.Series> groups = pushed.find("push_time_seconds", "job", JOB);
        assertEquals(1, groups.size(), "one group for the job: " + groups);
        String instance = groups.get(0).labels.get("instance");
        assertEquals(APP, groups.get(0).labels.get("app"), "the configured grouping label: " + groups);
        assertTrue(
            instance != null && instance.endsWith(":" + job.process().pid()) && instance.length() > (":" + job.process().pid()).length(),
            "instance is <host>:<pid of the job> (" + job.process().pid() + "): " + groups);
        assertEquals(0, pushed.value("push_failure_time_seconds", "job", JOB, "instance", instance, "app", APP),
            "no push was refused by the gateway\n" + gateway.log());

        String[] group = {"job", JOB, "instance", instance, "app", APP};
        for (Exposition.Series s : pushed.find("model_predictions_total")) {
          assertTrue(s.has(group), "every pushed series carries the job, instance and grouping labels: " + s);
        }

        // classifier: one call per row
        assertEquals(rows, value(pushed, "model_predictions_total", group, "model", CLASSIFIER));
        assertEquals(rows, value(pushed, "model_prediction_duration_seconds_count", group, "model", CLASSIFIER));
        assertEquals(rows, value(pushed, "model_batch_rows_sum", group, "model", CLASSIFIER));
        assertEquals(high, value(pushed, "model_output_class_total", group, "model", CLASSIFIER, "output", "quality_class", "class", WineRows.HIGH));
        assertEquals(low, value(pushed, "model_output_class_total", group, "model", CLASSIFIER, "output", "quality_class", "class", WineRows.LOW));
        assertEquals(rows, value(pushed, "model_output_value_count", group, "model", CLASSIFIER, "output", "quality_class"));

        // regression: one batch call of each partition's rows
        assertEquals(batches, value(pushed, "model_predictions_total", group, "model", REGRESSION));
        assertEquals(batches, value(pushed, "model_prediction_duration_seconds_count", group, "model", REGRESSION));
        assertEquals(batches, value(pushed, "model_batch_rows_count", group, "model", REGRESSION));
        assertEquals(rows, value(pushed, "model_batch_rows_sum", group, "model", REGRESSION));
        assertEquals(rows, value(pushed, "model_output_value_count", group, "model", REGRESSION, "output", "quality"));
        assertEquals(qualitySum, value(pushed, "model_output_value_sum", group, "model", REGRESSION, "output", "quality"),
            1e-9 * Math.abs(qualitySum));

        for (String model : List.of(CLASSIFIER, REGRESSION)) {
          for (String feature : FEATURES) {
            long missing = feature.equals("sugar") ? sugarMissing : 0;
            assertEquals(rows - missing, value(pushed, "model_feature_value_count", group, "model", model, "feature", feature),
                model + " " + feature);
            assertEquals(missing, value(pushed, "model_feature_missing_total", group, "model", model, "feature", feature),
                model + " " + feature);
          }
          assertEquals(0, sum(pushed, "model_prediction_errors_total", group, "model", model), "errors of " + model);
        }
        assertEquals(0, value(pushed, "modelwatch_agent_errors_total", group, "stage", "extract"));
        if (!pushed.find("modelwatch_agent_errors_total", "stage", "push").isEmpty()) {
          assertEquals(0, value(pushed, "modelwatch_agent_errors_total", group, "stage", "push"));
        }
        assertEquals(0, value(pushed, "modelwatch_agent_unmatched_calls_total", group, "library", "tribuo"));
      }
    }
  }

  /** The gateway's page once it holds a group of the job (the job has ended: its last push is in). */
  private static Exposition awaitGroup(Pushgateway gateway, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exposition page = gateway.metrics();
    while (page.find("push_time_seconds", "job", JOB).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the Pushgateway holds no group of job " + JOB + " within " + timeout + "\n"
            + page.text() + "\ngateway log:\n" + gateway.log());
      }
      Thread.sleep(50);
      page = gateway.metrics();
    }
    return page;
  }

  /** The value of the one series {@code name} with the group's labels and {@code labels}. */
  private static double value(Exposition page, String name, String[] group, String... labels) {
    return page.value(name, concat(group, labels));
  }

  /** The sum of the series {@code name} with the group's labels and {@code labels} (0 if none). */
  private static double sum(Exposition page, String name, String[] group, String... labels) {
    return page.find(name, concat(group, labels)).stream().mapToDouble(s -> s.value).sum();
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
