package dev.modelwatch.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.record.ConfiguredRecorder;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.bootstrap.CallState;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
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

    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int seed = t;
      Thread writer =
          new Thread(
              () -> {
                CallState state = new CallState();
                float[] row = new float[4];
                try {
                  start.await();
                  for (int i = 0; i < CALLS; i++) {
                    row[0] = ((i * 7 + seed) % 100) / 100f;
                    row[1] = (i + seed) % 5;
                    row[2] = i % 1000;
                    row[3] = -1;
                    recorder.enter(0, null, row, state);
                    recorder.exit(0, row, null, Double.NaN, null, state);
                  }
                } catch (Throwable e) {
                  failure.compareAndSet(null, e);
                }
              },
              "writer-" + t);
      writers.add(writer);
      writer.start();
    }

    List<String> problems = new ArrayList<>();
    Map<String, Double> previous = new HashMap<>();
    int scrapes = 0;
    start.countDown();
    Thread scraper = Thread.currentThread();
    Thread watcher =
        new Thread(
            () -> {
              for (Thread writer : writers) {
                try {
                  writer.join();
                } catch (InterruptedException e) {
                  return;
                }
              }
              done.set(true);
            });
    watcher.start();
    while (!done.get() && problems.size() < 10) {
      check(registry.scrape(), previous, problems, false);
      scrapes++;
    }
    watcher.join();
    assertEquals(null, failure.get());
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
