package dev.modelwatch.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.record.ConfiguredRecorder;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.agent.record.RecordingWriters;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Threads record while another scrapes in a tight loop, through the real collector: the publication
 * claim of {@link dev.modelwatch.agent.record.Cells} (a call's plain writes are visible to a scrape
 * that counts the call as finished). Every call is one row with every feature present and every
 * call timed, so in every scrape each feature's values, the rows and the latency count are at least
 * the calls counted as finished; every series, each bucket too, is monotone from scrape to scrape;
 * the final scrape is exact, bucket by bucket. (The count client_java exposes is derived from the
 * buckets, so comparing them guards the exposition only.) A recorder that published {@code
 * finished} before the call's other writes fails the first check (reordering the writes in {@code
 * Recorder.exit} makes this test fail within a few thousand scrapes).
 */
class ScrapeWhileRecordingStressTest {
  private static final int THREADS = 3;
  private static final int CALLS = 200_000;
  private static final String[] FEATURES = {"a", "b", "c", "d"};

  @Test
  void everyScrapeIsConsistentAndTheLastIsExact() throws Exception {
    Recorder recorder =
        ConfiguredRecorder.firstModel(
            "models:\n"
                + "  - name: m\n"
                + "    intercept: {class: com.acme.Scorer, method: score}\n"
                + "    features:\n"
                + "      - {name: a, index: 0, buckets: [0.25, 0.5, 0.75]}\n"
                + "      - {name: b, index: 1, buckets: [1, 2, 3]}\n"
                + "      - {name: c, index: 2}\n"
                + "      - {name: d, index: 3, buckets: [0]}\n");
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new ModelMetricsCollector(recorder));

    RecordingWriters writers =
        RecordingWriters.start(
            recorder,
            THREADS,
            4,
            CALLS,
            (row, writer, i) -> {
              row[0] = ((i * 7 + writer) % 100) / 100f;
              row[1] = (i + writer) % 5;
              row[2] = i % 1000;
              row[3] = -1;
            });

    List<String> problems = new ArrayList<>();
    Map<String, Double> previous = new HashMap<>();
    int scrapes = 0;
    writers.go();
    Thread scraper = Thread.currentThread();
    while (!writers.done() && problems.size() < 10) {
      check(registry.scrape(), previous, problems, false);
      scrapes++;
    }
    writers.join();
    assertEquals(null, writers.failure());
    Map<String, Double> last = new HashMap<>();
    check(registry.scrape(), last, problems, true);
    assertTrue(problems.isEmpty(), scrapes + " scrapes, problems: " + problems);
    assertTrue(
        scrapes > 10, "scrapes while recording: " + scrapes + " (" + scraper.getName() + ")");

    long calls = (long) THREADS * CALLS;
    assertEquals(calls, last.get("predictions"));
    assertEquals(calls, last.get("latency count"));
    assertEquals(calls, last.get("rows count"));
    for (String feature : FEATURES) {
      assertEquals(calls, last.get("values " + feature), feature);
    }
    // each bucket exact: b is (i + seed) % 5 on the bounds 1, 2, 3; d is always -1, at or below 0
    long[] expectedB = new long[4];
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < CALLS; i++) {
        int b = (i + t) % 5;
        expectedB[b <= 1 ? 0 : b == 2 ? 1 : b == 3 ? 2 : 3]++;
      }
    }
    for (int k = 0; k < expectedB.length; k++) {
      assertEquals(expectedB[k], last.get("values b bucket " + k), "b bucket " + k);
    }
    assertEquals(calls, last.get("values d bucket 0"));
    assertEquals(0, last.get("values d bucket 1"));
  }

  /**
   * The invariants of one scrape; its values go into {@code seen}, checked against the last ones.
   */
  private static void check(
      MetricSnapshots scrape, Map<String, Double> seen, List<String> problems, boolean last) {
    Map<String, Double> now = new HashMap<>();
    for (MetricSnapshot metric : scrape) {
      String name = metric.getMetadata().getName();
      for (DataPointSnapshot point : metric.getDataPoints()) {
        if (metric instanceof CounterSnapshot && name.equals("model_predictions")) {
          now.put("predictions", ((CounterSnapshot.CounterDataPointSnapshot) point).getValue());
        } else if (metric instanceof HistogramSnapshot) {
          HistogramSnapshot.HistogramDataPointSnapshot histogram =
              (HistogramSnapshot.HistogramDataPointSnapshot) point;
          long buckets = 0;
          for (int b = 0; b < histogram.getClassicBuckets().size(); b++) {
            buckets += histogram.getClassicBuckets().getCount(b);
          }
          String key =
              name.equals("model_prediction_duration_seconds")
                  ? "latency count"
                  : name.equals("model_batch_rows")
                      ? "rows count"
                      : name.equals("model_feature_value")
                          ? "values " + point.getLabels().get("feature")
                          : null;
          if (key != null) {
            if (histogram.hasCount() && histogram.getCount() != buckets) {
              problems.add(key + ": count " + histogram.getCount() + " != buckets " + buckets);
            }
            now.put(key, (double) buckets);
            for (int b = 0; b < histogram.getClassicBuckets().size(); b++) {
              now.put(key + " bucket " + b, (double) histogram.getClassicBuckets().getCount(b));
            }
          }
        }
      }
    }
    double finished = now.getOrDefault("predictions", 0.0);
    for (Map.Entry<String, Double> entry : now.entrySet()) {
      if (!entry.getKey().equals("predictions")
          && !entry.getKey().contains(" bucket ")
          && entry.getValue() < finished) {
        problems.add(entry.getKey() + " " + entry.getValue() + " < finished calls " + finished);
      }
      Double before = seen.get(entry.getKey());
      if (!last && before != null && entry.getValue() < before) {
        problems.add(entry.getKey() + " went back from " + before + " to " + entry.getValue());
      }
    }
    seen.putAll(now);
  }
}
