package dev.modelwatch.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.modelwatch.agent.baseline.ModelBaseline;
import dev.modelwatch.agent.drift.DriftColumns;
import dev.modelwatch.agent.drift.DriftEngine;
import dev.modelwatch.agent.extract.ArgumentExtractor;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericSpec;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.baseline.BaselineProfile;
import dev.modelwatch.config.baseline.NumericDistribution;
import dev.modelwatch.extension.OutputExtractor;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The baseline ratio and bin share gauges, which the collector builds once and reuses: every scrape
 * shows them, and a model whose baseline joins the engine later (a Tribuo model's, at its first
 * call) shows up at the next scrape beside the others.
 */
class BaselineRatioGaugesTest {
  @Test
  void ratiosOfEveryModelIncludingOneThatJoinsLater() throws Exception {
    AgentConfig config =
        ConfigLoader.parse(
            String.join(
                "\n",
                "models:",
                "  - name: first",
                "    intercept: {class: com.example.A, method: score}",
                "    features: [{name: x, index: 0, buckets: [1, 2]}]",
                "  - name: second",
                "    intercept: {class: com.example.B, method: score}",
                "    features: [{name: x, index: 0, buckets: [10]}]",
                ""),
            null);
    AgentErrors errors = new AgentErrors();
    ModelMonitor first = monitor(0, config);
    ModelMonitor second = monitor(1, config);
    Recorder recorder =
        new Recorder(
            List.of(new Site(0, "a", first), new Site(1, "b", second)),
            List.of(first, second),
            errors);
    DriftEngine drift = new DriftEngine(recorder.cells(), errors);
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new DriftMetricsCollector(drift));

    assertFalse(scrape(registry).contains("model_feature_baseline_ratio"));
    assertFalse(scrape(registry).contains("model_feature_baseline_share"));

    add(drift, first, config.models().get(0), new double[] {1, 2}, new double[] {0.5, 0.25, 0.25});
    String expectedFirst =
        String.join(
            "\n",
            "model_feature_baseline_ratio{feature=\"x\",model=\"first\",upper=\"+Inf\"} 1.0",
            "model_feature_baseline_ratio{feature=\"x\",model=\"first\",upper=\"1.0\"} 0.5",
            "model_feature_baseline_ratio{feature=\"x\",model=\"first\",upper=\"2.0\"} 0.75",
            "");
    assertEquals(expectedFirst, ratioLines(scrape(registry)));
    assertEquals(expectedFirst, ratioLines(scrape(registry)));
    // each bin's own share, with its lower edge: what recording rules need to turn buckets into
    // bins
    assertEquals(
        String.join(
            "\n",
            "model_feature_baseline_share{feature=\"x\",gt=\"-Inf\",model=\"first\",upper=\"1.0\"} 0.5",
            "model_feature_baseline_share{feature=\"x\",gt=\"1.0\",model=\"first\",upper=\"2.0\"} 0.25",
            "model_feature_baseline_share{feature=\"x\",gt=\"2.0\",model=\"first\",upper=\"+Inf\"} 0.25",
            ""),
        lines(scrape(registry), "model_feature_baseline_share{"));

    add(drift, second, config.models().get(1), new double[] {10}, new double[] {0.1, 0.9});
    assertEquals(
        String.join(
            "\n",
            "model_feature_baseline_ratio{feature=\"x\",model=\"first\",upper=\"+Inf\"} 1.0",
            "model_feature_baseline_ratio{feature=\"x\",model=\"first\",upper=\"1.0\"} 0.5",
            "model_feature_baseline_ratio{feature=\"x\",model=\"first\",upper=\"2.0\"} 0.75",
            "model_feature_baseline_ratio{feature=\"x\",model=\"second\",upper=\"+Inf\"} 1.0",
            "model_feature_baseline_ratio{feature=\"x\",model=\"second\",upper=\"10.0\"} 0.1",
            ""),
        ratioLines(scrape(registry)));
  }

  private static ModelMonitor monitor(int id, AgentConfig config) {
    ModelConfig model = config.models().get(id);
    return new ModelMonitor(
        id,
        model,
        config.limits(),
        NumericSpec.Source.CONFIG_ONLY,
        new ArgumentExtractor(model.features()),
        OutputExtractor.NONE);
  }

  private static void add(
      DriftEngine drift, ModelMonitor monitor, ModelConfig model, double[] edges, double[] shares) {
    ModelBaseline baseline =
        ModelBaseline.match(
            model,
            BaselineProfile.builder(model.name())
                .rows(10)
                .numericFeature("x", new NumericDistribution(edges, shares, 0, 20, 1, 1, 0, 10))
                .build(),
            null);
    drift.add(
        monitor.id(), baseline, model.name(), model.drift(), DriftColumns.of(monitor, baseline));
  }

  private static String scrape(PrometheusRegistry registry) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String ratioLines(String text) {
    return lines(text, "model_feature_baseline_ratio{");
  }

  private static String lines(String text, String prefix) {
    StringBuilder lines = new StringBuilder();
    for (String line : text.split("\n")) {
      if (line.startsWith(prefix)) {
        lines.append(line).append('\n');
      }
    }
    return lines.toString();
  }
}
