package dev.modelwatch.agent;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.library.LibrarySupports;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.agent.record.RecordingWriters;
import dev.modelwatch.config.ConfigLoader;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One scrape reads one sum of the recording cells: while threads record, every scrape's drift
 * gauges ({@code psi}, {@code ks}, the window's samples) recomputed in this test from the same
 * scrape's {@code model_feature_value} buckets and the baseline's shares agree exactly. The drift
 * window is an hour long, so in the test it holds every value recorded since the start. When the
 * collectors each summed the cells on their own, the drift gauges described later calls than the
 * histograms of the same scrape.
 */
class OneSumPerScrapeTest {
  private static final int THREADS = 2;
  private static final double[] SHARES_A = {0.1, 0.2, 0.3, 0.4};
  private static final double[] SHARES_B = {0.4, 0.3, 0.2, 0.1};

  @TempDir Path dir;

  @Test
  void driftGaugesAgreeWithTheHistogramsOfTheSameScrape() throws Exception {
    Path baseline = baseline(dir, column("a", SHARES_A) + column("b", SHARES_B));
    AgentRuntime runtime =
        AgentRuntime.build(
            ConfigLoader.parse(
                "models:\n"
                    + "  - name: m\n"
                    + "    intercept: {class: com.acme.Scorer, method: score}\n"
                    + "    features: [{name: a, index: 0}, {name: b, index: 1}]\n"
                    + "    baseline: "
                    + baseline.toAbsolutePath()
                    + "\n"
                    + "    drift: {window: 1h, slices: 6, min_samples: 10, statistics: [psi, ks]}\n",
                null),
            0,
            new AgentErrors(),
            LibrarySupports.builtIn());
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new RuntimeCollector(() -> runtime));
    Recorder recorder = runtime.recorder();

    RecordingWriters writers =
        RecordingWriters.start(
            recorder,
            THREADS,
            2,
            Long.MAX_VALUE,
            (row, writer, i) -> {
              // a and b spread over [0, 1): their bins' shares differ from the baseline's
              row[0] = ((i * 7 + writer) % 100) / 100f;
              row[1] = ((i * 13 + writer) % 97) / 97f;
            });
    writers.go();

    List<String> problems = new ArrayList<>();
    int compared = 0;
    long deadline = System.nanoTime() + 3_000_000_000L;
    while (compared < 200 && System.nanoTime() < deadline && problems.size() < 10) {
      if (check(registry.scrape(), problems)) {
        compared++;
      }
    }
    writers.stop();
    assertNull(writers.failure());
    assertTrue(problems.isEmpty(), compared + " scrapes compared, problems: " + problems);
    assertTrue(compared >= 20, "scrapes compared while recording: " + compared);
    // once the writers stopped, the last scrape counts every call they made
    assertTrue(check(registry.scrape(), problems), "drift reported at the end");
    assertTrue(problems.isEmpty(), problems.toString());
  }

  /**
   * Compares one scrape's drift gauges with its histograms; false if the scrape has no drift yet
   * (fewer values than min_samples).
   */
  private static boolean check(MetricSnapshots scrape, List<String> problems) {
    Map<String, long[]> buckets = new HashMap<>();
    Map<String, Double> gauges = new HashMap<>();
    double predictions = -1;
    for (MetricSnapshot metric : scrape) {
      String name = metric.getMetadata().getName();
      for (DataPointSnapshot point : metric.getDataPoints()) {
        if (metric instanceof HistogramSnapshot && name.equals("model_feature_value")) {
          HistogramSnapshot.HistogramDataPointSnapshot histogram =
              (HistogramSnapshot.HistogramDataPointSnapshot) point;
          long[] counts = new long[histogram.getClassicBuckets().size()];
          for (int b = 0; b < counts.length; b++) {
            counts[b] = histogram.getClassicBuckets().getCount(b);
          }
          buckets.put(point.getLabels().get("feature"), counts);
        } else if (metric instanceof GaugeSnapshot && name.equals("model_feature_drift")) {
          gauges.put(
              point.getLabels().get("feature") + " " + point.getLabels().get("statistic"),
              ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue());
        } else if (metric instanceof GaugeSnapshot && name.equals("model_drift_window_samples")) {
          gauges.put("samples", ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue());
        } else if (metric instanceof CounterSnapshot && name.equals("model_predictions")) {
          predictions = ((CounterSnapshot.CounterDataPointSnapshot) point).getValue();
        }
      }
    }
    if (!gauges.containsKey("a psi")) {
      return false;
    }
    // the window's samples are those of its best-filled column
    long most = 0;
    for (String feature : new String[] {"a", "b"}) {
      long n = 0;
      for (long count : buckets.get(feature)) {
        n += count;
      }
      most = Math.max(most, n);
      if (n < predictions) {
        problems.add("values of " + feature + " " + n + " < calls counted " + predictions);
      }
    }
    if (gauges.get("samples") != most) {
      problems.add("window samples " + gauges.get("samples") + " != values of a or b " + most);
    }
    for (String feature : new String[] {"a", "b"}) {
      double[] shares = feature.equals("a") ? SHARES_A : SHARES_B;
      long[] counts = buckets.get(feature);
      long total = 0;
      for (long count : counts) {
        total += count;
      }
      double psi = 0;
      double ks = 0;
      double live = 0;
      double expected = 0;
      for (int b = 0; b < counts.length; b++) {
        double share = (double) counts[b] / total;
        psi += (share - shares[b]) * Math.log(share / shares[b]);
        live += share;
        expected += shares[b];
        ks = Math.max(ks, Math.abs(live - expected));
      }
      compare(feature + " psi", psi, gauges.get(feature + " psi"), problems);
      compare(feature + " ks", ks, gauges.get(feature + " ks"), problems);
    }
    return true;
  }

  private static void compare(String what, double expected, double actual, List<String> problems) {
    if (Math.abs(expected - actual) > 1e-9 * Math.max(1, Math.abs(expected))) {
      problems.add(what + ": " + actual + " exported, " + expected + " from the buckets");
    }
  }

  /** A baseline file of model {@code m} (1,000 rows) with these columns. */
  static Path baseline(Path dir, String columns) throws IOException {
    Path baseline = dir.resolve("m-baseline.yaml");
    Files.writeString(
        baseline, "format: modelwatch-baseline/v1\nmodel: m\nrows: 1000\nfeatures:\n" + columns);
    return baseline;
  }

  /** A numeric baseline column on the bins {@code <= 0.25, 0.5, 0.75, > 0.75}. */
  static String column(String name, double[] shares) {
    return "  "
        + name
        + ":\n    type: numeric\n    count: 1000\n    missing_share: 0.0\n"
        + "    min: 0.0\n    max: 1.0\n    mean: 0.5\n    stddev: 0.29\n"
        + "    edges: [0.25, 0.5, 0.75]\n"
        + "    shares: ["
        + shares[0]
        + ", "
        + shares[1]
        + ", "
        + shares[2]
        + ", "
        + shares[3]
        + "]\n";
  }
}
