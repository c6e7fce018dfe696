package dev.modelwatch.agent.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.extract.ArgumentExtractor;
import dev.modelwatch.bootstrap.CallState;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.extension.OutputExtractor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Bounds learned from the first values ({@link LearnedBounds}): the bounds rule on known values,
 * and, with threads recording while the bounds are fixed (calls that still hold the learning model
 * after the switch included), every value counted exactly once in the bucket of the learned bounds,
 * tallied here with the {@code le} rule.
 */
class LearnedBoundsRecordingTest {
  @Test
  void boundsAreTheMinimumEveryTwentiethQuantileAndTheMaximum() {
    double[] values = new double[1000];
    for (int i = 0; i < values.length; i++) {
      values[i] = 1000 - i; // 1..1000, in reverse
    }
    double[] expected = new double[21];
    for (int k = 0; k <= 20; k++) {
      expected[k] = 1 + Math.floor(k * 999 / 20.0);
    }
    assertArrayEquals(expected, LearnedBounds.bounds(values, values.length));
    assertArrayEquals(new double[] {3}, LearnedBounds.bounds(new double[] {3, 3, 3}, 3));
    assertArrayEquals(new double[] {0, 1}, LearnedBounds.bounds(new double[] {1, 0, 0, 1, 1}, 5));
    assertArrayEquals(
        new double[] {-2, 5},
        LearnedBounds.bounds(
            new double[] {Double.POSITIVE_INFINITY, -2, 5, Double.NEGATIVE_INFINITY}, 4),
        "infinities are no bounds");
    assertArrayEquals(
        NumericHistogram.DEFAULT_BOUNDS,
        LearnedBounds.bounds(new double[] {Double.NEGATIVE_INFINITY}, 1));
    assertArrayEquals(
        new double[] {2},
        LearnedBounds.bounds(new double[] {2, 99}, 1),
        "only the first count values");
  }

  @Test
  void boundsRoundUpToSixSignificantDigitsSoAValueIsWithinItsBound() {
    assertEquals(0.100001, LearnedBounds.roundUp(0.1f)); // 0.100000001490116...
    assertEquals(3.7, LearnedBounds.roundUp(3.7));
    assertEquals(-1.23456, LearnedBounds.roundUp(-1.23456789));
    assertEquals(123457000, LearnedBounds.roundUp(123456789));
    assertEquals(1e-300, LearnedBounds.roundUp(1e-300));
    assertEquals(0, LearnedBounds.roundUp(-0.0));
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 100_000; i++) {
      double v = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-20, 20));
      double up = LearnedBounds.roundUp(v);
      assertTrue(up >= v && (up - v) <= Math.abs(v) * 1e-5, v + " -> " + up);
    }
  }

  @Test
  void threadsRecordingWhileTheBoundsAreFixedCountEveryValueOnceInItsLearnedBucket()
      throws Exception {
    AgentConfig config =
        ConfigLoader.parse(
            "models:\n"
                + "  - name: m\n"
                + "    intercept: {class: com.acme.Scorer, method: score}\n"
                + "    features: [{name: a, index: 0}, {name: b, index: 1}, {name: c, index: 2, buckets: [0, 1]}]\n",
            null);
    AtomicReference<ModelMonitor> replacement = new AtomicReference<>();
    AtomicReference<Recorder> installed = new AtomicReference<>();
    ModelMonitor learning =
        LearnedBounds.monitor(
            0,
            config.models().get(0),
            config.limits(),
            NumericSpec.Source.CONFIG_ONLY,
            new ArgumentExtractor(config.models().get(0).features()),
            OutputExtractor.NONE,
            next -> {
              installed.get().replace(next); // as the agent does (FeatureDiscovery)
              replacement.set(next);
            },
            new AgentErrors());
    // the site keeps the learning model: calls after the switch reach the new one through it
    Recorder recorder =
        new Recorder(List.of(new Site(0, "m", learning)), List.of(learning), new AgentErrors());
    installed.set(recorder);
    assertTrue(learning.numericFeatures()[0].pending());
    assertFalse(learning.numericFeatures()[2].pending(), "configured buckets are not learned");

    int threads = 4;
    int perThread = 3000;
    float[][][] sent = new float[threads][perThread][];
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> running = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      java.util.Random random = new java.util.Random(100 + t);
      Thread worker =
          new Thread(
              () -> {
                CallState state = new CallState();
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < perThread; i++) {
                  float[] row = {
                    (float) random.nextGaussian(),
                    i % 50 == 0 ? Float.NaN : (float) random.nextDouble() * 40,
                    (float) random.nextDouble() * 2
                  };
                  sent[thread][i] = row;
                  recorder.enter(0, null, row, state);
                  recorder.exit(0, row, null, Double.NaN, null, state);
                }
              });
      worker.start();
      running.add(worker);
    }
    start.countDown();
    for (Thread worker : running) {
      worker.join();
    }

    ModelMonitor fixed = replacement.get();
    assertNotSame(null, fixed, "the bounds were fixed at the 1,000th value");
    assertSame(fixed, recorder.models().get(0));
    assertNull(fixed.learning());
    assertEquals(learning.layout().size(), fixed.layout().size());
    long[] sum = recorder.cells().sum(0);
    assertEquals(threads * perThread, fixed.totals(sum).finished);
    for (int f = 0; f < 3; f++) {
      NumericHistogram histogram = fixed.numericFeatures()[f];
      assertFalse(histogram.pending());
      double[] upper = histogram.upperBounds();
      double[] bounds = Arrays.copyOf(upper, upper.length - 1);
      assertTrue(
          f == 2 ? Arrays.equals(new double[] {0, 1}, bounds) : bounds.length > 10,
          Arrays.toString(bounds));
      long[] expected = new long[upper.length];
      long missing = 0;
      double total = 0;
      for (float[][] rows : sent) {
        for (float[] row : rows) {
          double v = row[f];
          if (v != v) {
            missing++;
            continue;
          }
          int bucket = 0;
          while (bucket < bounds.length && v > bounds[bucket]) {
            bucket++;
          }
          expected[bucket]++;
          total += v;
        }
      }
      assertArrayEquals(expected, histogram.bucketCounts(sum), "feature " + f);
      assertEquals(missing, histogram.missing(sum), "feature " + f);
      assertEquals(total, histogram.sum(sum), 1e-9 * Math.abs(total) + 1e-6, "feature " + f);
    }
  }

  @Test
  void aReaderFixesTheBoundsFromTheValuesKeptSoFar() throws Exception {
    AgentConfig config =
        ConfigLoader.parse(
            "models:\n"
                + "  - name: m\n"
                + "    intercept: {class: com.acme.Scorer, method: score}\n"
                + "    features: [{name: a, index: 0}]\n",
            null);
    AtomicReference<ModelMonitor> replacement = new AtomicReference<>();
    AtomicReference<Recorder> installed = new AtomicReference<>();
    ModelMonitor learning =
        LearnedBounds.monitor(
            0,
            config.models().get(0),
            config.limits(),
            NumericSpec.Source.CONFIG_ONLY,
            new ArgumentExtractor(config.models().get(0).features()),
            OutputExtractor.NONE,
            next -> {
              installed.get().replace(next); // as the agent does (FeatureDiscovery)
              replacement.set(next);
            },
            new AgentErrors());
    Recorder recorder =
        new Recorder(List.of(new Site(0, "m", learning)), List.of(learning), new AgentErrors());
    installed.set(recorder);
    CallState state = new CallState();
    assertSame(learning, recorder.settledModels().get(0), "nothing kept yet: still learning");
    for (int i = 1; i <= 5; i++) {
      float[] row = {i};
      recorder.enter(0, null, row, state);
      recorder.exit(0, row, null, Double.NaN, null, state);
    }
    ModelMonitor fixed = recorder.settledModels().get(0);
    assertSame(replacement.get(), fixed);
    assertArrayEquals(
        new double[] {1, 2, 3, 4, 5, Double.POSITIVE_INFINITY},
        fixed.numericFeatures()[0].upperBounds());
    long[] sum = recorder.cells().sum(0);
    assertArrayEquals(new long[] {1, 1, 1, 1, 1, 0}, fixed.numericFeatures()[0].bucketCounts(sum));
    assertEquals(5, fixed.totals(sum).finished);
  }
}
