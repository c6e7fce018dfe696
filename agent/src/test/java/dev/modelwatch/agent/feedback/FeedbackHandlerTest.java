package dev.modelwatch.agent.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Labels by JSON lines into real feedback objects, with a clock the test moves. */
class FeedbackHandlerTest {
  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong clock = new AtomicLong(1000 * SECOND);

  private List<ModelFeedback> feedback(String... modelLines) throws Exception {
    StringBuilder yaml = new StringBuilder("models:\n");
    for (String line : modelLines) {
      yaml.append(line).append('\n');
    }
    AgentConfig config = ConfigLoader.parse(yaml.toString(), null);
    List<ModelFeedback> all = new ArrayList<>();
    for (var model : config.models()) {
      all.add(new ModelFeedback(model, config.limits(), clock::get));
    }
    return all;
  }

  private List<ModelFeedback> wineAndIris(String wineFeedback) throws Exception {
    return feedback(
        "  - name: wine",
        "    intercept: {class: com.acme.Wine, method: predict}",
        "    outputs: [{name: quality, kind: regression}]",
        "    prediction_id: {argument: 0, path: id}",
        "    feedback: " + wineFeedback,
        "  - name: iris",
        "    intercept: {class: com.acme.Iris, method: predict}",
        "    outputs: [{name: species, kind: classification}]",
        "    prediction_id: {result: true}",
        "    feedback: {min_samples: 3}");
  }

  @Test
  void goodLinesApplyAndBadLinesAreListedWithTheirNumbers() throws Exception {
    List<ModelFeedback> models = wineAndIris("{min_samples: 2}");
    ModelFeedback wine = models.get(0);
    wine.predicted(new Request("r1"), null, 0, 6.0, null, clock.get());
    wine.predicted(new Request("r2"), null, 0, 5.0, null, clock.get());
    FeedbackHandler handler = new FeedbackHandler(models);
    FeedbackHandler.Summary summary =
        handler.apply(
            String.join(
                "\n",
                "{\"model\": \"wine\", \"id\": \"r1\", \"label\": 7}",
                "{\"model\": \"wine\", \"id\": \"r2\", \"label\": \"5\"}",
                "",
                "{\"model\": \"wine\", \"id\": \"r9\", \"label\": 5}",
                "{\"model\": \"vine\", \"id\": \"r2\", \"label\": 5}",
                "{\"model\": \"wine\", \"label\": 5}",
                "{\"model\": \"wine\", \"id\": true, \"label\": 5}",
                "{\"model\": \"wine\", \"id\": \"r2\", \"label\": 5, \"time\": 3}",
                "not json",
                "{\"model\": \"iris\", \"id\": 3, \"label\": null}",
                "{\"model\": \"wine\", \"id\": \"r2\", \"label\": 4.5}\r",
                ""));
    assertEquals(
        "{\"lines\":10,\"applied\":3,\"matched\":2,\"unmatched\":1,\"rejected\":7,\"errors\":["
            + "{\"line\":2,\"error\":\"model \\\"wine\\\" is a regression model: \\\"label\\\" must be a number, found"
            + " the string \\\"5\\\"\"},"
            + "{\"line\":5,\"error\":\"no model named \\\"vine\\\" takes feedback; models with prediction_id: wine,"
            + " iris\"},"
            + "{\"line\":6,\"error\":\"\\\"id\\\" is missing; a line has model, id and label\"},"
            + "{\"line\":7,\"error\":\"\\\"id\\\" must be a string or a number, found true\"},"
            + "{\"line\":8,\"error\":\"unknown key \\\"time\\\"; a line has exactly model, id and label\"},"
            + "{\"line\":9,\"error\":\"character 1: expected one JSON object per line, starting with '{'\"},"
            + "{\"line\":10,\"error\":\"model \\\"iris\\\" is a classifier: \\\"label\\\" must be a class as a"
            + " non-empty string or a number, found null\"}]}\n",
        summary.toJson());
    // r1: 6 vs 7, r2: 5 vs 4.5
    assertEquals(
        String.join(
            "\n",
            "# HELP model_evaluation Quality against ground truth over the feedback window: accuracy, per-class"
                + " precision, recall and f1 (classification); mae, rmse and bias = mean(predicted - actual)"
                + " (regression). Absent below feedback.min_samples.",
            "# TYPE model_evaluation gauge",
            "model_evaluation{metric=\"bias\",model=\"wine\"} -0.25",
            "model_evaluation{metric=\"mae\",model=\"wine\"} 0.75",
            "model_evaluation{metric=\"rmse\",model=\"wine\"} " + Math.sqrt((1 + 0.25) / 2),
            "# HELP model_evaluation_samples Labelled predictions in the feedback window.",
            "# TYPE model_evaluation_samples gauge",
            "model_evaluation_samples{model=\"iris\"} 0.0",
            "model_evaluation_samples{model=\"wine\"} 2.0",
            ""),
        exposition(models, "model_evaluation"));
  }

  @Test
  void nothingValidIsABadRequest() throws Exception {
    FeedbackHandler handler = new FeedbackHandler(wineAndIris("{min_samples: 2}"));
    FeedbackHandler.Summary summary = handler.apply("{\"model\": \"wine\", \"id\": \"a\"}\n");
    assertEquals(0, summary.applied);
    assertEquals(
        "{\"lines\":1,\"applied\":0,\"matched\":0,\"unmatched\":0,\"rejected\":1,\"errors\":[{\"line\":1,"
            + "\"error\":\"\\\"label\\\" is missing; a line has model, id and label\"}]}\n",
        summary.toJson());
    assertEquals(
        "{\"lines\":0,\"applied\":0,\"matched\":0,\"unmatched\":0,\"rejected\":0,\"errors\":[{\"line\":0,"
            + "\"error\":\"the body has no lines; send one JSON object per line: {\\\"model\\\": \\\"...\\\","
            + " \\\"id\\\": \\\"...\\\", \\\"label\\\": ...}\"}]}\n",
        handler.apply("\n\n").toJson());
  }

  @Test
  void classificationByNumberOrTextWithPerClassMetricsFromMinSamples() throws Exception {
    List<ModelFeedback> models = wineAndIris("{min_samples: 2}");
    ModelFeedback iris = models.get(1);
    iris.predicted(null, 1, 0, Double.NaN, "1", clock.get());
    iris.predicted(null, 2, 0, Double.NaN, "setosa", clock.get());
    iris.predicted(null, 3L, 0, Double.NaN, "1", clock.get());
    FeedbackHandler handler = new FeedbackHandler(models);
    handler.apply(
        "{\"model\": \"iris\", \"id\": 1, \"label\": 1.0}\n{\"model\": \"iris\", \"id\": \"2\", \"label\": \"setosa\"}");
    assertEquals("", exposition(models, "model_evaluation{"), "below min_samples: 2 of 3");
    handler.apply("{\"model\": \"iris\", \"id\": 3, \"label\": \"setosa\"}");
    // predicted/actual: 1/1, setosa/setosa, 1/setosa
    assertEquals(
        String.join(
            "\n",
            "model_evaluation{class=\"1\",metric=\"f1\",model=\"iris\"} " + 2 * 0.5 * 1.0 / 1.5,
            "model_evaluation{class=\"1\",metric=\"precision\",model=\"iris\"} 0.5",
            "model_evaluation{class=\"1\",metric=\"recall\",model=\"iris\"} 1.0",
            "model_evaluation{class=\"setosa\",metric=\"f1\",model=\"iris\"} "
                + 2 * 1.0 * 0.5 / 1.5,
            "model_evaluation{class=\"setosa\",metric=\"precision\",model=\"iris\"} 1.0",
            "model_evaluation{class=\"setosa\",metric=\"recall\",model=\"iris\"} 0.5",
            "model_evaluation{metric=\"accuracy\",model=\"iris\"} " + 2.0 / 3,
            ""),
        exposition(models, "model_evaluation{"));
  }

  @Test
  void expiredAfterTheTtlDroppedBeyondMaxPendingAndSecondLabelsUnmatched() throws Exception {
    List<ModelFeedback> models = wineAndIris("{ttl: 10s, max_pending: 2}");
    ModelFeedback wine = models.get(0);
    wine.predicted(new Request("a"), null, 0, 1, null, clock.get());
    clock.addAndGet(5 * SECOND);
    wine.predicted(new Request("b"), null, 0, 2, null, clock.get());
    wine.predicted(new Request("c"), null, 0, 3, null, clock.get()); // a is dropped (max_pending 2)
    wine.drain();
    clock.addAndGet(6 * SECOND); // b and c are 6 s old
    FeedbackHandler handler = new FeedbackHandler(models);
    handler.apply(
        "{\"model\": \"wine\", \"id\": \"b\", \"label\": 2}\n{\"model\": \"wine\", \"id\": \"b\", \"label\": 2}");
    clock.addAndGet(5 * SECOND); // c is 11 s old: expired
    handler.apply(
        "{\"model\": \"wine\", \"id\": \"c\", \"label\": 3}\n{\"model\": \"wine\", \"id\": \"a\", \"label\": 1}");
    assertEquals(
        String.join(
            "\n",
            "model_feedback_total{model=\"wine\",result=\"dropped\"} 1.0",
            "model_feedback_total{model=\"wine\",result=\"expired\"} 1.0",
            "model_feedback_total{model=\"wine\",result=\"matched\"} 1.0",
            "model_feedback_total{model=\"wine\",result=\"replaced\"} 0.0",
            "model_feedback_total{model=\"wine\",result=\"unmatched\"} 3.0",
            ""),
        exposition(models, "model_feedback_total{model=\"wine\""));
  }

  @Test
  void aFullHandOffQueueDropsInsteadOfWaiting() throws Exception {
    List<ModelFeedback> models = wineAndIris("{max_pending: 5}");
    ModelFeedback wine = models.get(0);
    for (int i = 0;
        i < 20;
        i++) { // the queue holds 8 (5 rounded up to a power of two), nothing drains it
      wine.predicted(new Request("r" + i), null, 0, i, null, clock.get());
    }
    ModelFeedback.Snapshot snapshot = wine.snapshot();
    assertEquals(5, snapshot.pending);
    assertEquals(12 + 3, snapshot.dropped); // 12 never queued, 3 of the 8 queued beyond max_pending
  }

  @Test
  void outcomesFromTheApplicationAreMatchedOnTheNextDrain() throws Exception {
    List<ModelFeedback> models = wineAndIris("{min_samples: 1}");
    ModelFeedback wine = models.get(0);
    wine.predicted(new Request(17L), null, 0, 6.5, null, clock.get());
    wine.outcome(17, 6.0);
    wine.outcome("18", "5");
    wine.drain();
    ModelFeedback.Snapshot snapshot = wine.snapshot();
    assertEquals(1, snapshot.matched);
    assertEquals(1, snapshot.unmatched);
    assertEquals(0.5, snapshot.window.regressionMetrics().get("bias"), 0);
  }

  private static String exposition(List<ModelFeedback> models, String prefix) throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new FeedbackCollector(models));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    StringBuilder kept = new StringBuilder();
    boolean inFamily = false;
    for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
      if (line.startsWith("# HELP ")) {
        inFamily = line.startsWith("# HELP " + prefix);
      }
      if (line.startsWith(prefix) || inFamily && line.startsWith("#") && !prefix.contains("{")) {
        kept.append(line).append('\n');
      }
    }
    return kept.toString();
  }

  /** An application request object with an id getter. */
  public static final class Request {
    private final Object id;

    Request(Object id) {
      this.id = id;
    }

    public Object getId() {
      return id;
    }
  }
}
