package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.tribuo.TribuoAllocationProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The agent allocates nothing per Tribuo {@code predict(Example)} call in steady state, whether it
 * records latency only (a plain intercept) or every feature and the output (the Tribuo preset,
 * regression and classification): {@link TribuoAllocationProbe} measures the calling thread's
 * allocated bytes per call after warm-up, in a JVM without the agent and in JVMs with it.
 *
 * <p>All three run with escape analysis off. With it on, the JIT scalar-replaces some of Tribuo's
 * own temporaries (iterators, {@code Feature}s) or not depending on its inlining decisions, which
 * change once the advice is inlined into {@code predict}: the same JVM without the agent measures
 * 712 to 752 bytes per call from run to run. With it off every allocation is counted, Tribuo's the
 * same in every JVM, so any difference is the agent's, and nothing the agent allocates could hide
 * behind escape analysis.
 */
class TribuoAllocationTest {
  private static final int CALLS = 100_000;
  private static final int ROUNDS = 8;
  private static final Pattern ALLOCATION =
      Pattern.compile("ALLOCATION regression (\\S+) classification (\\S+) calls (\\d+)");

  private static final String LATENCY_ONLY =
      String.join(
          "\n",
          "models:",
          "  - name: wine",
          "    intercept: {class: org.tribuo.Model, method: predict, parameters: [org.tribuo.Example]}",
          "    sampling: 1.0",
          "");

  @Test
  void agentAddsNoBytesPerCallWithLatencyOnlyOrWithEveryFeatureAndTheOutput() throws Exception {
    double[] without = measure(null).bytesPerCall;

    Probe latencyOnly = measure(LATENCY_ONLY);
    assertAddsNothing("latency only", without, latencyOnly.bytesPerCall);
    assertEquals(
        2.0 * latencyOnly.calls,
        latencyOnly.scrape.value("model_predictions_total", "model", "wine"));

    Probe preset = measure(presetConfig());
    assertAddsNothing("Tribuo preset, 12 features and the output", without, preset.bytesPerCall);
    // every call was recorded in full: without that, "nothing allocated" would prove nothing
    long calls = preset.calls;
    assertEquals(calls, preset.scrape.value("model_predictions_total", "model", "wine"));
    assertEquals(calls, preset.scrape.value("model_predictions_total", "model", "wine-class"));
    for (String model : List.of("wine", "wine-class")) {
      for (int f = 0; f < WineData.NUMERIC_FEATURES; f++) {
        assertEquals(
            calls,
            preset.scrape.value(
                "model_feature_value_count",
                "model",
                model,
                "feature",
                WineData.FEATURE_NAMES.get(f)),
            model + " " + WineData.FEATURE_NAMES.get(f));
      }
      double colors = 0;
      for (String color : List.of("0", "1")) {
        colors +=
            preset.scrape.value(
                "model_feature_category_total",
                "model",
                model,
                "feature",
                "color",
                "category",
                color);
      }
      assertEquals(calls, colors, model + " color");
    }
    assertEquals(
        calls,
        preset.scrape.value("model_output_value_count", "model", "wine", "output", "quality"));
    double classes = 0;
    for (String label : WineData.CLASSES) {
      if (preset.scrape.has(
          "model_output_class_total",
          "model",
          "wine-class",
          "output",
          "quality_class",
          "class",
          label)) {
        classes +=
            preset.scrape.value(
                "model_output_class_total",
                "model",
                "wine-class",
                "output",
                "quality_class",
                "class",
                label);
      }
    }
    assertEquals(calls, classes);
    assertEquals(0.0, preset.scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
  }

  private static String presetConfig() {
    StringBuilder features = new StringBuilder("    features:\n");
    for (int f = 0; f < WineData.NUMERIC_FEATURES; f++) {
      features.append("      - {name: ").append(WineData.FEATURE_NAMES.get(f)).append("}\n");
    }
    features.append("      - {name: color, kind: categorical}\n");
    return "models:\n"
        + "  - name: wine\n"
        + "    intercept: {library: tribuo, model_class: org.tribuo.regression.sgd.linear.LinearSGDModel}\n"
        + features
        + "    outputs: [{name: quality, kind: regression, key: quality}]\n"
        + "    sampling: 1.0\n"
        + "  - name: wine-class\n"
        + "    intercept: {library: tribuo, model_class: org.tribuo.classification.sgd.linear.LinearSGDModel}\n"
        + features
        + "    outputs: [{name: quality_class, kind: classification}]\n"
        + "    sampling: 1.0\n";
  }

  /**
   * A per-call allocation is at least 16 bytes; less than 0.01 byte per call on average over the
   * measured calls leaves room only for a rare one-off (a lazily built table), not for anything the
   * agent does per call, or even once per hundred calls.
   */
  private static void assertAddsNothing(String config, double[] without, double[] with) {
    String[] models = {"regression", "classification"};
    for (int m = 0; m < models.length; m++) {
      assertTrue(
          with[m] - without[m] < 0.01,
          config
              + ", "
              + models[m]
              + ": "
              + with[m]
              + " bytes per call with the agent, "
              + without[m]
              + " without: the agent allocates on the calling thread");
    }
  }

  /**
   * Runs the probe with the agent on {@code yaml} (none when null) and, with the agent, scrapes it.
   */
  private static Probe measure(String yaml) throws Exception {
    List<String> jvmArgs = new ArrayList<>(List.of("-XX:-DoEscapeAnalysis"));
    if (yaml != null) {
      jvmArgs.add(AgentJar.javaagent("config=" + AgentedServer.writeConfig(yaml) + ",port=0"));
    }
    try (ForkedServer probe =
        ForkedServer.start(
            ForkedServer.javaExecutable(),
            TribuoAllocationProbe.class.getName(),
            jvmArgs,
            List.of("--calls", String.valueOf(CALLS), "--rounds", String.valueOf(ROUNDS)),
            Map.of(),
            false)) {
      probe.awaitStderr(ALLOCATION.pattern(), Duration.ofSeconds(240));
      Matcher m = ALLOCATION.matcher(probe.stderr());
      assertTrue(m.find());
      double[] bytes = {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
      long calls = Long.parseLong(m.group(3));
      Scrape scrape = null;
      if (yaml != null) {
        int port =
            Integer.parseInt(probe.awaitStderr(AgentedServer.SERVING, Duration.ofSeconds(30)));
        scrape = Scrape.of(port);
      }
      return new Probe(bytes, calls, scrape);
    }
  }

  private static final class Probe {
    final double[] bytesPerCall;
    final long calls;
    final Scrape scrape;

    Probe(double[] bytesPerCall, long calls, Scrape scrape) {
      this.bytesPerCall = bytesPerCall;
      this.calls = calls;
      this.scrape = scrape;
    }
  }
}
