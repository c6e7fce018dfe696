package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.plain.WineClassProbabilityModel;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Accuracy estimated from confidences before labels arrive, {@code
 * model_evaluation_estimated{metric="accuracy"}}, against the accuracy measured from labels. The
 * model ({@link WineClassProbabilityModel}) answers the true class probabilities of the wine data,
 * so it is calibrated: on unshifted traffic the mean confidence of its predicted classes is within
 * 0.03 of the accuracy that the generator's labels give. Then the labels of one region change
 * (concept drift) while the inputs stay as they were: the estimate stays where it was, the measured
 * accuracy falls.
 */
class AccuracyEstimateTest {
  static final String MODEL = "wine-class";
  static final String OUTPUT = "quality_class";

  /**
   * How far the estimate may be from the measured accuracy of a calibrated model on unshifted data.
   */
  static final double TOLERANCE = 0.03;

  static final int ROWS = 3000;

  static String config() {
    StringBuilder yaml =
        new StringBuilder(
            "models:\n  - name: "
                + MODEL
                + "\n"
                + "    intercept: {class: "
                + WineClassProbabilityModel.class.getName()
                + ", method: predict}\n"
                + "    features:\n");
    for (int i = 0; i < WineData.NUMERIC_FEATURES; i++) {
      yaml.append("      - {name: ")
          .append(WineData.FEATURE_NAMES.get(i))
          .append(", index: ")
          .append(i)
          .append("}\n");
    }
    yaml.append("      - {name: color, kind: categorical, index: 11}\n")
        .append("    outputs: [{name: ")
        .append(OUTPUT)
        .append(", kind: classification}]\n")
        .append("    prediction_id: {hash: features}\n")
        .append("    feedback: {window: 1h, min_samples: 100}\n");
    return yaml.toString();
  }

  @Test
  void theEstimateMatchesTheMeasuredAccuracyOfACalibratedModelAndMissesConceptDrift()
      throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            MAIN, config(), List.of("--port", "0", "--model", "wine-class-probabilities"))) {
      Scrape empty = app.scrape();
      assertEquals(
          0, empty.value("model_evaluation_estimated_samples", "model", MODEL, "output", OUTPUT));
      assertFalse(empty.hasMetric("model_evaluation_estimated"), empty.text());

      Labelled unshifted = send(app, 31, false);
      Scrape first = app.scrape();
      assertEquals(ROWS, first.value("model_feedback_total", "model", MODEL, "result", "matched"));
      assertEquals(ROWS, first.value("model_evaluation_samples", "model", MODEL));
      assertEquals(
          ROWS,
          first.value("model_evaluation_estimated_samples", "model", MODEL, "output", OUTPUT));
      double measured = first.value("model_evaluation", "model", MODEL, "metric", "accuracy");
      double estimated =
          first.value(
              "model_evaluation_estimated", "model", MODEL, "output", OUTPUT, "metric", "accuracy");
      System.out.printf(
          "unshifted: estimated accuracy %.4f, measured %.4f, computed here %.4f (%d rows)%n",
          estimated, measured, unshifted.accuracy(), ROWS);
      assertEquals(unshifted.accuracy(), measured, 1e-12);
      assertEquals(unshifted.meanConfidence(), estimated, 1e-12);
      assertEquals(measured, estimated, TOLERANCE, "estimate vs scraped accuracy");
      assertEquals(
          unshifted.accuracy(), estimated, TOLERANCE, "estimate vs the accuracy computed here");

      Labelled drifted = send(app, 32, true);
      Scrape second = app.scrape();
      Labelled window = unshifted.and(drifted);
      assertEquals(2 * ROWS, second.value("model_evaluation_samples", "model", MODEL));
      assertEquals(
          2 * ROWS,
          second.value("model_evaluation_estimated_samples", "model", MODEL, "output", OUTPUT));
      double measuredAfter = second.value("model_evaluation", "model", MODEL, "metric", "accuracy");
      double estimatedAfter =
          second.value(
              "model_evaluation_estimated", "model", MODEL, "output", OUTPUT, "metric", "accuracy");
      System.out.printf(
          "after concept drift (window of both phases): estimated accuracy %.4f, measured %.4f; drifted rows alone:"
              + " measured %.4f, estimated %.4f%n",
          estimatedAfter, measuredAfter, drifted.accuracy(), drifted.meanConfidence());
      assertEquals(window.accuracy(), measuredAfter, 1e-12);
      assertEquals(window.meanConfidence(), estimatedAfter, 1e-12);
      // the inputs did not change, so neither did the confidences: the estimate stays high...
      assertEquals(estimated, estimatedAfter, 0.01);
      // ...while the labels say the model got much worse
      assertTrue(
          measured - measuredAfter > 0.1, "measured accuracy " + measured + " -> " + measuredAfter);
      assertTrue(
          estimatedAfter - measuredAfter > 0.1,
          "estimate " + estimatedAfter + " vs measured " + measuredAfter);
    }
  }

  /**
   * What the test knows of the rows it sent: the server's answer (class and confidence) and the
   * label posted.
   */
  static final class Labelled {
    final List<Integer> predicted = new ArrayList<>();
    final List<Double> confidence = new ArrayList<>();
    final List<Integer> labels = new ArrayList<>();

    double accuracy() {
      long correct = 0;
      for (int i = 0; i < labels.size(); i++) {
        correct += predicted.get(i).equals(labels.get(i)) ? 1 : 0;
      }
      return (double) correct / labels.size();
    }

    double meanConfidence() {
      double sum = 0;
      for (double c : confidence) {
        sum += c;
      }
      return sum / confidence.size();
    }

    Labelled and(Labelled other) {
      Labelled both = new Labelled();
      for (Labelled part : List.of(this, other)) {
        both.predicted.addAll(part.predicted);
        both.confidence.addAll(part.confidence);
        both.labels.addAll(part.labels);
      }
      return both;
    }
  }

  /**
   * Sends {@value #ROWS} rows of the training distribution, then posts the generator's class labels
   * (as the class's index, which the agent reads as the class of a score array) to the agent. With
   * {@code conceptDrift}, the labels of the rows whose alcohol is above its mean move to the next
   * class (low to medium, medium to high, high to low): the same inputs, another relation.
   */
  static Labelled send(AgentedServer app, long seed, boolean conceptDrift) throws Exception {
    Map<Long, String> labels = new ConcurrentHashMap<>();
    TrafficResult result =
        TrafficGenerator.run(
            new TrafficGenerator.Options()
                .port(app.appPort())
                .mode(TrafficMode.NORMAL)
                .rows(ROWS)
                .seed(seed)
                .classificationLabels(true)
                .recordExchanges(true),
            labels::put);
    Labelled sent = new Labelled();
    StringBuilder body = new StringBuilder();
    for (TrafficResult.Exchange exchange : result.exchanges()) {
      assertEquals(200, exchange.status, exchange.response);
      String[] fields = exchange.body.trim().split(",", -1);
      float[] row = new float[fields.length];
      for (int i = 0; i < fields.length; i++) {
        row[i] = Float.parseFloat(fields[i]);
      }
      String[] answer = exchange.response.trim().split(",");
      assertEquals(WineData.CLASSES.size(), answer.length, exchange.response);
      int best = 0;
      for (int c = 1; c < answer.length; c++) {
        if (Double.parseDouble(answer[c]) > Double.parseDouble(answer[best])) {
          best = c;
        }
      }
      int label = WineData.CLASSES.indexOf(labels.get(exchange.firstRowId));
      assertTrue(label >= 0, labels.get(exchange.firstRowId));
      if (conceptDrift && row[WineData.ALCOHOL_INDEX] > WineData.mean(WineData.ALCOHOL_INDEX)) {
        label = (label + 1) % WineData.CLASSES.size();
      }
      sent.predicted.add(best);
      sent.confidence.add(Double.parseDouble(answer[best]));
      sent.labels.add(label);
      body.append("{\"model\": \"")
          .append(MODEL)
          .append("\", \"id\": \"")
          .append(FeedbackRows.featureHash(row))
          .append("\", \"label\": ")
          .append(label)
          .append("}\n");
    }
    assertEquals(ROWS, sent.labels.size());
    HttpResponse<String> response = Http.post(app.agentPort(), "/feedback", body.toString());
    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.body().contains("\"matched\":" + ROWS + ","), response.body());
    return sent;
  }
}
