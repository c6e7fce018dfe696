package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.threads.FastScoring;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Adaptive timing on the real agent: two models do the same work on the same threads, one with
 * {@code timing: every}, one with the default {@code timing: adaptive}, called fast enough (most
 * calls return at once, like the benchmarks' models; 0.5 % take 150 to 600 µs) that the adaptive
 * one times only some calls. Both count every call exactly, in the predictions and in the duration
 * histogram; the adaptive model's p50, p90 and p99 are within 5 % of timing every call, and its
 * share of calls above 100 µs is within 4 standard errors of the share timing every call gives (the
 * error of a sample of one call in 64, the longest window). The share check fails when a window's
 * weight depends on the time just before its timed call (slow calls then follow slow work of the
 * same thread, here the other model's call with the same duration, and were counted a fifth as
 * often as they occur).
 */
class AdaptiveTimingTest {
  static final int THREADS = 2;
  static final int CALLS_PER_THREAD = 1_500_000;

  /** The agent's longest window: one timed call stands for at most this many. */
  static final int MAX_WINDOW = 64;

  static final double[] QUANTILES = {0.5, 0.9, 0.99};
  static final double[] BOUNDS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };
  static final Pattern SCORED = Pattern.compile("SCORED calls=(\\d+) slow=(\\d+)");

  static String config() {
    return String.join(
        "\n",
        "models:",
        "  - name: every",
        "    intercept: {class: "
            + FastScoring.EveryCallModel.class.getName()
            + ", method: score, parameters: [long]}",
        "    timing: every",
        "  - name: adaptive",
        "    intercept: {class: "
            + FastScoring.AdaptiveModel.class.getName()
            + ", method: score, parameters: [long]}",
        "");
  }

  @Test
  void adaptiveTimingCountsEveryCallAndKeepsTheQuantilesOfTimingEveryCall() throws Exception {
    Path config = AgentedServer.writeConfig(config());
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    ScoringProgram.Result result =
        ScoringProgram.run(
            java,
            FastScoring.class.getName(),
            List.of(AgentJar.javaagent("config=" + config + ",port=0")),
            List.of(Integer.toString(THREADS), Integer.toString(CALLS_PER_THREAD)),
            SCORED,
            true);
    long calls = result.number(1);
    long slow = result.number(2);
    assertEquals((long) THREADS * CALLS_PER_THREAD, calls);
    Scrape scrape = result.scrape;
    long[] every = buckets(scrape, "every");
    long[] adaptive = buckets(scrape, "adaptive");
    for (String model : List.of("every", "adaptive")) {
      assertEquals(calls, scrape.value("model_predictions_total", "model", model), model);
      assertEquals(
          calls, scrape.value("model_prediction_duration_seconds_count", "model", model), model);
    }
    assertEquals(calls, every[every.length - 1]);
    assertEquals(calls, adaptive[adaptive.length - 1]);
    assertEquals(calls, scrape.value("model_predictions_timed_total", "model", "every"));
    double timed = scrape.value("model_predictions_timed_total", "model", "adaptive");
    System.out.printf(
        Locale.ROOT,
        "%d calls per model, %d slow: adaptive timing timed %.0f (1 in %.1f)%n",
        calls,
        slow,
        timed,
        calls / timed);
    assertTrue(timed > 0 && timed < calls / 4.0, "timed calls of the adaptive model: " + timed);

    // every slow call (150 µs or more) lies above the first bound; a fast call may too when its
    // thread was descheduled
    long everyAbove = calls - every[0];
    assertTrue(everyAbove >= slow, everyAbove + " calls above 100 µs, " + slow + " slow");
    double shareEvery = (double) everyAbove / calls;
    double shareAdaptive = (double) (calls - adaptive[0]) / calls;
    // a weighted sample whose weights (windows) are at most MAX_WINDOW: its standard error is at
    // most that of calls / MAX_WINDOW calls drawn one by one
    double standardError = Math.sqrt(shareEvery * (1 - shareEvery) * MAX_WINDOW / calls);
    System.out.printf(
        Locale.ROOT,
        "share above 100 us: every call timed %.5f, adaptive %.5f (standard error %.5f)%n",
        shareEvery,
        shareAdaptive,
        standardError);
    assertEquals(shareEvery, shareAdaptive, 4 * standardError, "share of calls above 100 µs");

    for (double q : QUANTILES) {
      double exact = quantile(q, every);
      double estimate = quantile(q, adaptive);
      System.out.printf(
          Locale.ROOT,
          "p%s: every call timed %.3f us, adaptive %.3f us%n",
          Double.toString(q * 100).replace(".0", ""),
          exact * 1e6,
          estimate * 1e6);
      assertEquals(exact, estimate, 0.05 * exact, "quantile " + q);
    }
  }

  /** Cumulative bucket counts of a model's duration histogram, +Inf last. */
  static long[] buckets(Scrape scrape, String model) {
    long[] cumulative = new long[BOUNDS.length + 1];
    for (int i = 0; i < BOUNDS.length; i++) {
      cumulative[i] =
          (long)
              scrape.value(
                  "model_prediction_duration_seconds_bucket",
                  "model",
                  model,
                  "le",
                  Double.toString(BOUNDS[i]));
    }
    cumulative[BOUNDS.length] =
        (long)
            scrape.value("model_prediction_duration_seconds_bucket", "model", model, "le", "+Inf");
    return cumulative;
  }

  /**
   * The q-quantile as Prometheus' {@code histogram_quantile} interpolates it: linearly inside the
   * bucket that holds rank q * count, from 0 for the first bucket.
   */
  static double quantile(double q, long[] cumulative) {
    long count = cumulative[cumulative.length - 1];
    double rank = q * count;
    for (int i = 0; i < BOUNDS.length; i++) {
      if (cumulative[i] >= rank) {
        double lower = i == 0 ? 0 : BOUNDS[i - 1];
        long below = i == 0 ? 0 : cumulative[i - 1];
        return lower + (BOUNDS[i] - lower) * (rank - below) / (cumulative[i] - below);
      }
    }
    return BOUNDS[BOUNDS.length - 1];
  }
}
