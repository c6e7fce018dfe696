package dev.modelwatch.agent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.agent.extract.ArgumentExtractor;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ConfiguredRecorder;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericSpec;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.bootstrap.CallState;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The exact exposition text of a model after known calls, through client_java's own writer. */
class ModelMetricsCollectorTest {
  @Test
  void exposesExactTextForKnownCalls() throws Exception {
    Recorder recorder =
        ConfiguredRecorder.firstModel(
            "models:\n"
                + "  - name: wine\n"
                + "    intercept: {class: com.acme.Scorer, method: score}\n"
                + "    features:\n"
                + "      - {name: alcohol, index: 0, buckets: [10, 12]}\n"
                + "      - {name: color, kind: categorical, index: 1}\n");
    ModelMonitor model = recorder.models().get(0);
    CallState state = new CallState();
    float[][] rows = {{9.5f, 1}, {11f, 0}, {13f, 1}, {Float.NaN, 1}};
    for (float[] row : rows) {
      recorder.enter(0, null, row, state);
      // every call 30 ms old: in (25 ms, 50 ms], with 20 ms to spare for a busy machine
      state.startNanos = System.nanoTime() - 30_000_000;
      recorder.exit(0, row, null, Double.NaN, null, state);
    }
    recorder.enter(0, null, rows[0], state);
    state.startNanos = System.nanoTime() - 30_000_000;
    recorder.exit(0, rows[0], null, Double.NaN, new IllegalArgumentException("bad row"), state);

    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new ModelMetricsCollector(recorder));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    String text = out.toString(StandardCharsets.UTF_8);

    String expected =
        String.join(
            "\n",
            "# HELP model_batch_rows Rows per predict call (1 for single-row APIs).",
            "# TYPE model_batch_rows histogram",
            "model_batch_rows_bucket{model=\"wine\",le=\"1.0\"} 5",
            "model_batch_rows_bucket{model=\"wine\",le=\"2.0\"} 5",
            "model_batch_rows_bucket{model=\"wine\",le=\"4.0\"} 5",
            "model_batch_rows_bucket{model=\"wine\",le=\"8.0\"} 5",
            "model_batch_rows_bucket{model=\"wine\",le=\"16.0\"} 5",
            "model_batch_rows_bucket{model=\"wine\",le=\"32.0\"} 5",
            "model_batch_rows_bucket{model=\"wine\",le=\"64.0\"} 5",
            "model_batch_rows_bucket{model=\"wine\",le=\"128.0\"} 5",
            "model_batch_rows_bucket{model=\"wine\",le=\"256.0\"} 5",
            "model_batch_rows_bucket{model=\"wine\",le=\"512.0\"} 5",
            "model_batch_rows_bucket{model=\"wine\",le=\"1024.0\"} 5",
            "model_batch_rows_bucket{model=\"wine\",le=\"4096.0\"} 5",
            "model_batch_rows_bucket{model=\"wine\",le=\"+Inf\"} 5",
            "model_batch_rows_count{model=\"wine\"} 5",
            "model_batch_rows_sum{model=\"wine\"} 5.0",
            "# HELP model_feature_category_total Categorical feature values (top categories, then __other__).",
            "# TYPE model_feature_category_total counter",
            "model_feature_category_total{category=\"0\",feature=\"color\",model=\"wine\"} 1.0",
            "model_feature_category_total{category=\"1\",feature=\"color\",model=\"wine\"} 4.0",
            "# HELP model_feature_missing_total Feature values that were null, NaN or absent.",
            "# TYPE model_feature_missing_total counter",
            "model_feature_missing_total{feature=\"alcohol\",model=\"wine\"} 1.0",
            "model_feature_missing_total{feature=\"color\",model=\"wine\"} 0.0",
            "# HELP model_feature_out_of_range_total Feature values outside the baseline's observed training range.",
            "# TYPE model_feature_out_of_range_total counter",
            "model_feature_out_of_range_total{feature=\"alcohol\",model=\"wine\"} 0.0",
            "# HELP model_feature_value Numeric feature values; buckets are the baseline's bin edges (or the configured buckets).",
            "# TYPE model_feature_value histogram",
            "model_feature_value_bucket{feature=\"alcohol\",model=\"wine\",le=\"10.0\"} 2",
            "model_feature_value_bucket{feature=\"alcohol\",model=\"wine\",le=\"12.0\"} 3",
            "model_feature_value_bucket{feature=\"alcohol\",model=\"wine\",le=\"+Inf\"} 4",
            "model_feature_value_count{feature=\"alcohol\",model=\"wine\"} 4",
            "model_feature_value_sum{feature=\"alcohol\",model=\"wine\"} 43.0",
            "# HELP model_prediction_duration_seconds Wall time of the predict call.",
            "# TYPE model_prediction_duration_seconds histogram");
    assertEquals(
        expected,
        text.substring(
            0,
            text.indexOf("# TYPE model_prediction_duration_seconds histogram")
                + "# TYPE model_prediction_duration_seconds histogram".length()));
    String tail =
        text.substring(
            text.indexOf("model_prediction_duration_seconds_bucket{model=\"wine\",le=\"0.025\"}"));
    String expectedTail =
        String.join(
            "\n",
            "model_prediction_duration_seconds_bucket{model=\"wine\",le=\"0.025\"} 0",
            "model_prediction_duration_seconds_bucket{model=\"wine\",le=\"0.05\"} 5");
    assertEquals(expectedTail, tail.substring(0, expectedTail.length()));
    assertEquals(
        true,
        text.contains(
            "model_prediction_errors_total{exception=\"java.lang.IllegalArgumentException\",model=\"wine\"} 1.0\n"));
    assertEquals(true, text.contains("model_predictions_total{model=\"wine\"} 5.0\n"));
    assertEquals(true, text.contains("model_predictions_in_flight{model=\"wine\"} 0.0\n"));
    assertEquals(
        true, text.contains("model_prediction_duration_seconds_count{model=\"wine\"} 5\n"));
  }

  /**
   * Two models configured against name order, each with its own bounds and counts: every series
   * reads its own model's cells, and a second scrape (from the series built at the first) shows the
   * calls made in between.
   */
  @Test
  void eachModelsSeriesReadItsOwnCellsAcrossScrapes() throws Exception {
    AgentConfig config =
        ConfigLoader.parse(
            "models:\n"
                + "  - name: zeta\n"
                + "    intercept: {class: com.acme.Zeta, method: score}\n"
                + "    features:\n"
                + "      - {name: b, index: 0, buckets: [1]}\n"
                + "      - {name: a, kind: categorical, index: 1}\n"
                + "    outputs: [{name: y, kind: regression, buckets: [0]}]\n"
                + "  - name: alpha\n"
                + "    intercept: {class: com.acme.Alpha, method: score}\n"
                + "    features:\n"
                + "      - {name: b, index: 0, buckets: [5, 10]}\n",
            null);
    List<ModelMonitor> models = new java.util.ArrayList<>();
    List<Site> sites = new java.util.ArrayList<>();
    for (int i = 0; i < 2; i++) {
      ModelMonitor model =
          new ModelMonitor(
              i,
              config.models().get(i),
              config.limits(),
              NumericSpec.Source.CONFIG_ONLY,
              new ArgumentExtractor(config.models().get(i).features()),
              new dev.modelwatch.agent.extract.ReturnValueExtractor(
                  config.models().get(i).outputs()));
      models.add(model);
      sites.add(new Site(i, model.name(), model));
    }
    Recorder recorder = new Recorder(sites, models, new AgentErrors());
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new ModelMetricsCollector(recorder));
    CallState state = new CallState();

    call(recorder, state, 0, new float[] {0.5f, Float.NaN}, -1); // zeta
    call(recorder, state, 1, new float[] {7f}, Double.NaN); // alpha
    call(recorder, state, 1, new float[] {Float.NaN}, Double.NaN);
    String first = scrape(registry);
    assertLines(
        first,
        "model_feature_value_bucket{feature=\"b\",model=\"alpha\",le=\"5.0\"} 0",
        "model_feature_value_bucket{feature=\"b\",model=\"alpha\",le=\"10.0\"} 1",
        "model_feature_value_bucket{feature=\"b\",model=\"alpha\",le=\"+Inf\"} 1",
        "model_feature_value_sum{feature=\"b\",model=\"alpha\"} 7.0",
        "model_feature_value_bucket{feature=\"b\",model=\"zeta\",le=\"1.0\"} 1",
        "model_feature_value_bucket{feature=\"b\",model=\"zeta\",le=\"+Inf\"} 1",
        "model_feature_value_sum{feature=\"b\",model=\"zeta\"} 0.5",
        "model_feature_missing_total{feature=\"a\",model=\"zeta\"} 1.0",
        "model_feature_missing_total{feature=\"b\",model=\"alpha\"} 1.0",
        "model_feature_missing_total{feature=\"b\",model=\"zeta\"} 0.0",
        "model_output_value_bucket{model=\"zeta\",output=\"y\",le=\"0.0\"} 1",
        "model_output_value_sum{model=\"zeta\",output=\"y\"} -1.0",
        "model_predictions_total{model=\"alpha\"} 2.0",
        "model_predictions_total{model=\"zeta\"} 1.0",
        "model_batch_rows_count{model=\"alpha\"} 2");

    call(recorder, state, 0, new float[] {3f, 2f}, 4); // zeta
    String second = scrape(registry);
    assertLines(
        second,
        "model_feature_value_bucket{feature=\"b\",model=\"zeta\",le=\"1.0\"} 1",
        "model_feature_value_bucket{feature=\"b\",model=\"zeta\",le=\"+Inf\"} 2",
        "model_feature_value_sum{feature=\"b\",model=\"zeta\"} 3.5",
        "model_feature_category_total{category=\"2\",feature=\"a\",model=\"zeta\"} 1.0",
        "model_feature_missing_total{feature=\"a\",model=\"zeta\"} 1.0",
        "model_output_value_bucket{model=\"zeta\",output=\"y\",le=\"+Inf\"} 2",
        "model_output_value_sum{model=\"zeta\",output=\"y\"} 3.0",
        "model_predictions_total{model=\"zeta\"} 2.0",
        "model_predictions_total{model=\"alpha\"} 2.0",
        "model_feature_value_sum{feature=\"b\",model=\"alpha\"} 7.0");
  }

  private static void call(
      Recorder recorder, CallState state, int site, float[] row, double result) {
    recorder.enter(site, null, row, state);
    recorder.exit(site, row, null, result, null, state);
  }

  private static String scrape(PrometheusRegistry registry) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void assertLines(String text, String... lines) {
    List<String> all = List.of(text.split("\n"));
    for (String line : lines) {
      assertEquals(true, all.contains(line), line + " in\n" + text);
    }
  }
}
