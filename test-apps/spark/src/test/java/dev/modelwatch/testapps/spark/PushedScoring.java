package dev.modelwatch.testapps.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * What the Spark tests share: the agent's config for {@link SparkScoringJob}'s two models in push
 * mode, the job's result line, and the exact comparison of the two with what a Pushgateway holds,
 * added up over the pushed groups the way {@code sum by (model)} adds up executors.
 */
final class PushedScoring {
  static final String JOB = "spark-scoring";
  static final String APP = "wine-spark";
  static final String CLASSIFIER = SparkScoringJob.CLASSIFIER_NAME;
  static final String REGRESSION = SparkScoringJob.REGRESSION_NAME;
  static final String SCORED =
      "SCORED rows=(\\d+) partitions=(\\d+) batches=(\\d+) high=(\\d+) low=(\\d+) quality_sum=(\\S+)";

  private PushedScoring() {}

  /**
   * The agent's config: push to {@code gateway} every second, no port, both models with their four
   * features.
   */
  static String config(String gateway) {
    StringBuilder features = new StringBuilder();
    for (String f : WineRows.FEATURES) {
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

  /** The job's {@code SCORED} line: what it scored, counted from the collected results. */
  static final class Scored {
    final long rows;
    final long partitions;
    final long batches;
    final long high;
    final long low;
    final double qualitySum;

    Scored(Matcher line) {
      rows = Long.parseLong(line.group(1));
      partitions = Long.parseLong(line.group(2));
      batches = Long.parseLong(line.group(3));
      high = Long.parseLong(line.group(4));
      low = Long.parseLong(line.group(5));
      qualitySum = Double.parseDouble(line.group(6));
    }

    /** Rows that leave {@code sugar} out: indices 0, 10, 20, ... below {@link #rows}. */
    long sugarMissing() {
      return (rows + WineRows.SUGAR_MISSING_EVERY - 1) / WineRows.SUGAR_MISSING_EVERY;
    }
  }

  /** The instance labels of the job's pushed groups (one per JVM that pushed). */
  static List<String> instances(Exposition page) {
    List<String> out = new ArrayList<>();
    for (Exposition.Series s : page.find("push_time_seconds", "job", JOB)) {
      assertEquals(
          APP, s.labels.get("app"), "every group carries the configured grouping label: " + s);
      out.add(s.labels.get("instance"));
    }
    return out;
  }

  /** Waits until the gateway holds at least {@code groups} groups of the job; its page then. */
  static Exposition awaitGroups(Pushgateway gateway, int groups, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Exposition page = gateway.metrics();
    while (page.find("push_time_seconds", "job", JOB).size() < groups) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the Pushgateway holds fewer than "
                + groups
                + " groups of job "
                + JOB
                + " after "
                + timeout
                + "\n"
                + page.text()
                + "\ngateway log:\n"
                + gateway.log());
      }
      Thread.sleep(50);
      page = gateway.metrics();
    }
    return page;
  }

  /**
   * Every count the agent pushed, added up over the groups of {@code instances}, equals what the
   * job did: the classifier once per row, the regression once per partition with all its rows, each
   * feature once per row that has it, {@code sugar} missing in every tenth row, no errors.
   */
  static void assertExact(Exposition page, List<String> instances, Scored s) {
    for (String instance : instances) {
      assertEquals(
          0,
          page.value("push_failure_time_seconds", group(instance)),
          "no push was refused: " + instance);
    }
    for (Exposition.Series series : page.find("model_predictions_total")) {
      assertTrue(
          series.has("job", JOB, "app", APP) && instances.contains(series.labels.get("instance")),
          "every pushed series carries the job, one of the instances and the grouping label: "
              + series);
    }
    Sum sum = new Sum(page, instances);

    assertEquals(s.rows, sum.of("model_predictions_total", "model", CLASSIFIER));
    assertEquals(s.rows, sum.of("model_prediction_duration_seconds_count", "model", CLASSIFIER));
    assertEquals(s.rows, sum.of("model_batch_rows_count", "model", CLASSIFIER));
    assertEquals(s.rows, sum.of("model_batch_rows_sum", "model", CLASSIFIER));
    assertEquals(
        s.high,
        sum.of(
            "model_output_class_total",
            "model",
            CLASSIFIER,
            "output",
            "quality_class",
            "class",
            WineRows.HIGH));
    assertEquals(
        s.low,
        sum.of(
            "model_output_class_total",
            "model",
            CLASSIFIER,
            "output",
            "quality_class",
            "class",
            WineRows.LOW));
    assertEquals(
        s.rows, sum.of("model_output_value_count", "model", CLASSIFIER, "output", "quality_class"));

    assertEquals(s.batches, sum.of("model_predictions_total", "model", REGRESSION));
    assertEquals(s.batches, sum.of("model_prediction_duration_seconds_count", "model", REGRESSION));
    assertEquals(s.batches, sum.of("model_batch_rows_count", "model", REGRESSION));
    assertEquals(s.rows, sum.of("model_batch_rows_sum", "model", REGRESSION));
    assertEquals(
        s.rows, sum.of("model_output_value_count", "model", REGRESSION, "output", "quality"));
    assertEquals(
        s.qualitySum,
        sum.of("model_output_value_sum", "model", REGRESSION, "output", "quality"),
        1e-9 * Math.abs(s.qualitySum));

    for (String model : List.of(CLASSIFIER, REGRESSION)) {
      for (String feature : WineRows.FEATURES) {
        long missing = feature.equals("sugar") ? s.sugarMissing() : 0;
        assertEquals(
            s.rows - missing,
            sum.of("model_feature_value_count", "model", model, "feature", feature),
            model + " " + feature);
        assertEquals(
            missing,
            sum.of("model_feature_missing_total", "model", model, "feature", feature),
            model + " " + feature);
      }
      assertEquals(
          0, sum.ofAny("model_prediction_errors_total", "model", model), "errors of " + model);
    }
    assertEquals(0, sum.of("modelwatch_agent_errors_total", "stage", "extract"));
    assertEquals(0, sum.of("modelwatch_agent_errors_total", "stage", "push"));
    assertEquals(0, sum.of("modelwatch_agent_unmatched_calls_total", "library", "tribuo"));
  }

  static String[] group(String instance) {
    return new String[] {"job", JOB, "instance", instance, "app", APP};
  }

  /** Sums of series over the groups of some instances. */
  static final class Sum {
    private final Exposition page;
    private final List<String> instances;

    Sum(Exposition page, List<String> instances) {
      this.page = page;
      this.instances = instances;
    }

    /** The sum of one series per instance; each instance must have it. */
    double of(String name, String... labels) {
      double total = 0;
      for (String instance : instances) {
        total += page.value(name, concat(group(instance), labels));
      }
      return total;
    }

    /** The sum of every series matching the labels, in any instance (0 when there are none). */
    double ofAny(String name, String... labels) {
      double total = 0;
      for (String instance : instances) {
        total +=
            page.find(name, concat(group(instance), labels)).stream()
                .mapToDouble(x -> x.value)
                .sum();
      }
      return total;
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = new String[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
