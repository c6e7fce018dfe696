package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /feedback} on the real agent's port, and the app's own outcome method as a second
 * route.
 */
class FeedbackEndpointTest {
  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: wine",
          "    intercept: {class: dev.modelwatch.testapps.plain.WineScoreModel, method: predict, parameters: ['float[]']}",
          "    features:",
          "      - {name: fixed_acidity, index: 0}",
          "      - {name: volatile_acidity, index: 1}",
          "      - {name: citric_acid, index: 2}",
          "      - {name: residual_sugar, index: 3}",
          "      - {name: chlorides, index: 4}",
          "      - {name: free_sulfur_dioxide, index: 5}",
          "      - {name: total_sulfur_dioxide, index: 6}",
          "      - {name: density, index: 7}",
          "      - {name: pH, index: 8}",
          "      - {name: sulphates, index: 9}",
          "      - {name: alcohol, index: 10}",
          "      - {name: color, index: 11, kind: categorical}",
          "    outputs: [{name: quality, kind: regression}]",
          "    sampling: 0.25",
          "    prediction_id: {hash: features}",
          "    feedback:",
          "      min_samples: 20",
          "      method: {class: dev.modelwatch.testapps.plain.OutcomeLog, method: record, id_argument: 0, label_argument: 1}",
          "");

  @Test
  void goodLinesApplyBadLinesAreAnsweredByLineAndOversizedBodiesAreRefused() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(MAIN, CONFIG, List.of("--port", "0", "--model", "wine-score"))) {
      FeedbackRows rows = send(app, 30, 5);
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < 25; i++) {
        body.append("{\"model\": \"wine\", \"id\": \"")
            .append(rows.ids.get(i))
            .append("\", \"label\": ")
            .append(rows.labels.get(i))
            .append("}\n");
        if (i == 3) {
          body.append("{\"model\": \"wine\", \"id\": \"")
              .append(rows.ids.get(i))
              .append("\", \"label\": \"good\"}\n");
          body.append("{\"model\": \"wine\", \"id\": \"r-17\", \"label\": 5}\n");
        }
      }
      body.append("{\"model\": \"wine\", \"id\": \"00000000000000ff\", \"label\": 5}\n");
      HttpResponse<String> response = Http.post(app.agentPort(), "/feedback", body.toString());
      assertEquals(200, response.statusCode());
      assertEquals(
          "{\"lines\":28,\"applied\":26,\"matched\":25,\"unmatched\":1,\"rejected\":2,\"errors\":["
              + "{\"line\":5,\"error\":\"model \\\"wine\\\" is a regression model: \\\"label\\\" must be a number,"
              + " found the string \\\"good\\\"\"},"
              + "{\"line\":6,\"error\":\"the id must be the feature hash as 16 hex digits (prediction_id: {hash:"
              + " features}), found \\\"r-17\\\"\"}]}\n",
          response.body());

      HttpResponse<String> nothingValid =
          Http.post(
              app.agentPort(), "/feedback", "{\"model\": \"iris\", \"id\": \"1\", \"label\": 1}\n");
      assertEquals(400, nothingValid.statusCode());
      assertEquals(
          "{\"lines\":1,\"applied\":0,\"matched\":0,\"unmatched\":0,\"rejected\":1,\"errors\":[{\"line\":1,"
              + "\"error\":\"no model named \\\"iris\\\" takes feedback; models with prediction_id: wine\"}]}\n",
          nothingValid.body());

      HttpResponse<String> tooLarge =
          Http.post(app.agentPort(), "/feedback", "x".repeat((1 << 20) + 1));
      assertEquals(413, tooLarge.statusCode());
      assertEquals(
          "{\"error\":\"the body is larger than 1048576 bytes (1 MiB); send the labels in smaller requests\"}\n",
          tooLarge.body());
      HttpResponse<String> get = Http.get(app.agentPort(), "/feedback", Map.of());
      assertEquals(405, get.statusCode());
      assertEquals("POST", get.headers().firstValue("Allow").orElse(""));

      Scrape scrape = app.scrape();
      assertEquals(25, scrape.value("model_feedback_total", "model", "wine", "result", "matched"));
      assertEquals(1, scrape.value("model_feedback_total", "model", "wine", "result", "unmatched"));
      assertEquals(0, scrape.value("model_feedback_total", "model", "wine", "result", "expired"));
      assertEquals(0, scrape.value("model_feedback_total", "model", "wine", "result", "dropped"));
      assertEquals(25, scrape.value("model_evaluation_samples", "model", "wine"));
      double absolute = 0;
      for (int i = 0; i < 25; i++) {
        absolute += Math.abs(rows.predictions.get(i) - rows.labels.get(i));
      }
      // every call is kept for feedback, though only a quarter are sampled for the histograms
      assertEquals(
          absolute / 25, scrape.value("model_evaluation", "model", "wine", "metric", "mae"), 1e-9);
      assertEquals(30, scrape.value("model_predictions_total", "model", "wine"));
    }
  }

  @Test
  void belowMinSamplesOnlyTheSampleCountIsExported() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(MAIN, CONFIG, List.of("--port", "0", "--model", "wine-score"))) {
      FeedbackRows rows = send(app, 19, 6);
      assertEquals(
          200, Http.post(app.agentPort(), "/feedback", rows.feedbackLines("wine")).statusCode());
      Scrape scrape = app.scrape();
      assertEquals(19, scrape.value("model_evaluation_samples", "model", "wine"));
      assertFalse(scrape.hasMetric("model_evaluation"), scrape.text());
    }
  }

  @Test
  void theApplicationsOwnOutcomeCallsAreLabelsAndNotPredictions() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(MAIN, CONFIG, List.of("--port", "0", "--model", "wine-score"))) {
      FeedbackRows rows = send(app, 40, 7);
      StringBuilder outcomes = new StringBuilder();
      for (int i = 0; i < rows.size(); i++) {
        outcomes.append(rows.ids.get(i)).append(',').append(rows.labels.get(i)).append('\n');
      }
      outcomes.append("0123456789abcdef,5.5\n"); // an outcome of no prediction
      HttpResponse<String> response = Http.post(app.appPort(), "/outcome", outcomes.toString());
      assertEquals("recorded 41\n", response.body());
      Scrape scrape = app.scrape();
      assertEquals(40, scrape.value("model_feedback_total", "model", "wine", "result", "matched"));
      assertEquals(1, scrape.value("model_feedback_total", "model", "wine", "result", "unmatched"));
      assertEquals(40, scrape.value("model_predictions_total", "model", "wine"));
      assertEquals(
          rows.meanAbsoluteError(),
          scrape.value("model_evaluation", "model", "wine", "metric", "mae"),
          1e-9);
      assertEquals(2, scrape.value("modelwatch_agent_instrumented_methods"));
    }
  }

  @Test
  void identicalInputsReplaceTheirPendingPredictionAndAreCountedAsReplaced() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(MAIN, CONFIG, List.of("--port", "0", "--model", "wine-score"))) {
      send(app, 3, 9);
      for (int i = 0; i < 5; i++) {
        assertEquals(
            200, Http.post(app.appPort(), "/predict", PlainServerAgentTest.GOOD_ROW).statusCode());
      }
      String[] fields = PlainServerAgentTest.GOOD_ROW.split(",");
      float[] row = new float[fields.length];
      for (int i = 0; i < fields.length; i++) {
        row[i] = Float.parseFloat(fields[i]);
      }
      String label =
          "{\"model\": \"wine\", \"id\": \""
              + FeedbackRows.featureHash(row)
              + "\", \"label\": 6}\n";
      HttpResponse<String> response = Http.post(app.agentPort(), "/feedback", label);
      assertEquals(
          "{\"lines\":1,\"applied\":1,\"matched\":1,\"unmatched\":0,\"rejected\":0,\"errors\":[]}\n",
          response.body());

      Scrape scrape = app.scrape();
      assertEquals(8, scrape.value("model_predictions_total", "model", "wine"));
      // five identical rows share one id: the last is kept, the four before it were replaced
      assertEquals(4, scrape.value("model_feedback_total", "model", "wine", "result", "replaced"));
      assertEquals(1, scrape.value("model_feedback_total", "model", "wine", "result", "matched"));
      assertEquals(0, scrape.value("model_feedback_total", "model", "wine", "result", "dropped"));
      assertEquals(0, scrape.value("model_feedback_total", "model", "wine", "result", "unmatched"));
    }
  }

  @Test
  void theRouteRequiresTheEndpointsCredentials() throws Exception {
    String config =
        String.join(
            "\n",
            "server:",
            "  auth: {username: labeller, password_env: MW_FEEDBACK_PASSWORD}",
            CONFIG);
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            config,
            List.of("--port", "0", "--model", "wine-score"),
            List.of(),
            Map.of("MW_FEEDBACK_PASSWORD", "s3cret-labels"))) {
      FeedbackRows rows = send(app, 3, 8);
      String body = rows.feedbackLines("wine");
      assertEquals(401, postAs(app, body, null).statusCode());
      assertEquals(401, postAs(app, body, "labeller:wrong").statusCode());
      HttpResponse<String> accepted = postAs(app, body, "labeller:s3cret-labels");
      assertEquals(200, accepted.statusCode());
      assertEquals(
          "{\"lines\":3,\"applied\":3,\"matched\":3,\"unmatched\":0,\"rejected\":0,\"errors\":[]}\n",
          accepted.body());
    }
  }

  private static HttpResponse<String> postAs(AgentedServer app, String body, String credentials)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.agentPort() + "/feedback"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (credentials != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Normal traffic, one row per request, rows and labels kept. */
  static FeedbackRows send(AgentedServer app, int count, long seed) throws Exception {
    Map<Long, String> labels = new ConcurrentHashMap<>();
    TrafficResult result =
        TrafficGenerator.run(
            new TrafficGenerator.Options()
                .port(app.appPort())
                .mode(TrafficMode.NORMAL)
                .rows(count)
                .seed(seed)
                .recordExchanges(true),
            labels::put);
    return FeedbackRows.of(result, labels);
  }
}
