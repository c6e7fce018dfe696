package dev.modelwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.http.MetricsEndpoint;
import dev.modelwatch.agent.http.Routes;
import dev.modelwatch.agent.library.LibrarySupports;
import dev.modelwatch.agent.metrics.AgentMetricsCollector;
import dev.modelwatch.agent.metrics.ConfigReloadCounts;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.bootstrap.CallState;
import dev.modelwatch.config.ConfigLoader;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of the agent's own collectors (calls, errors, latency, numeric and categorical
 * features with baselines, drift, the agent's health) is byte for byte what client_java's writers
 * make of the same registry, in both text formats and every escaping scheme a scraper can ask for.
 * The body is written by the agent's own {@code TextExposition}; this compares it over HTTP, once
 * the recording has stopped, so both read the same state.
 */
class AgentExpositionTest {
  @TempDir Path dir;

  @Test
  void scrapeBodyIsClientJavasForTheSameRegistry() throws Exception {
    Path baseline =
        OneSumPerScrapeTest.baseline(
            dir, OneSumPerScrapeTest.column("a", new double[] {0.1, 0.2, 0.3, 0.4}));
    AgentErrors errors = new AgentErrors();
    AgentRuntime runtime =
        AgentRuntime.build(
            ConfigLoader.parse(
                "models:\n"
                    + "  - name: m\n"
                    + "    intercept: {class: com.acme.Scorer, method: score}\n"
                    + "    features:\n"
                    + "      - {name: a, index: 0}\n"
                    + "      - {name: b, index: 1, buckets: [0.5, 2]}\n"
                    + "      - {name: c, index: 2, kind: categorical}\n"
                    + "    baseline: "
                    + baseline.toAbsolutePath()
                    + "\n"
                    + "    drift: {window: 1h, slices: 6, min_samples: 10}\n"
                    + "  - name: other\n"
                    + "    intercept: {class: com.acme.Other, method: score}\n"
                    + "    features: [{name: x, index: 0}]\n",
                null),
            0,
            errors,
            LibrarySupports.builtIn());
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(
        new AgentMetricsCollector(
            AgentVersion.get(), runtime::sites, errors, new ConfigReloadCounts()));
    registry.register(new RuntimeCollector(() -> runtime));
    Recorder recorder = runtime.recorder();
    CallState state = new CallState();
    for (int i = 0; i < 500; i++) {
      float[] row = {(i % 100) / 100f, i % 7, i % 5};
      recorder.enter(0, null, row, state);
      recorder.exit(0, row, null, Double.NaN, null, state);
      if (i % 10 == 0) {
        recorder.enter(1, null, row, state);
        Throwable thrown = i % 20 == 0 ? new IllegalStateException("bad") : null;
        recorder.exit(1, row, null, Double.NaN, thrown, state);
      }
    }

    HttpClient client = HttpClient.newHttpClient();
    ExpositionFormats formats = ExpositionFormats.init(ExporterProperties.builder().build());
    try (MetricsEndpoint endpoint =
        MetricsEndpoint.start("127.0.0.1", 0, registry, new Routes(), errors)) {
      for (ExpositionFormatWriter reference :
          List.of(
              formats.getPrometheusTextFormatWriter(), formats.getOpenMetricsTextFormatWriter())) {
        for (EscapingScheme scheme : EscapingScheme.values()) {
          String accept =
              (reference == formats.getPrometheusTextFormatWriter()
                      ? "text/plain;version=0.0.4"
                      : "application/openmetrics-text;version=1.0.0")
                  + ";escaping="
                  + scheme.getValue();
          // twice: the second scrape reuses the drift gauges' order of labels worked out by the
          // first
          String body = null;
          for (int scrape = 0; scrape < 2; scrape++) {
            HttpResponse<byte[]> response =
                client.send(
                    HttpRequest.newBuilder(URI.create(endpoint.url()))
                        .header("Accept", accept)
                        .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, response.statusCode());
            assertEquals(
                reference.getContentType(),
                response.headers().firstValue("Content-Type").orElse(""));
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            reference.write(expected, registry.scrape(), scheme);
            body = new String(response.body(), StandardCharsets.UTF_8);
            assertEquals(expected.toString(StandardCharsets.UTF_8), body, accept + ", " + scrape);
          }
          if (scheme == EscapingScheme.DOTS_ESCAPING
              || scheme == EscapingScheme.VALUE_ENCODING_ESCAPING) {
            continue; // names rewritten
          }
          assertTrue(body.contains("model_feature_baseline_share{"), body);
          assertTrue(body.contains("model_feature_value_bucket{feature=\"a\""), body);
          assertTrue(body.contains("model_feature_category"), body);
        }
      }
    }
  }
}
