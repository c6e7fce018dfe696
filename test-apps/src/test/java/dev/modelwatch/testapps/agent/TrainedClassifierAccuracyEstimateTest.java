package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import dev.modelwatch.testapps.tribuo.WineModels;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Accuracy estimated from confidences, {@code model_evaluation_estimated{metric="accuracy"}}, for
 * classifiers trained here: Tribuo multinomial logistic regressions (softmax outputs) fitted on
 * {@value #TRAINING_ROWS} rows of the wine data, served by the Tribuo server under the Tribuo
 * preset. Fitted to convergence, nothing makes the model calibrated but the fit, which is the case
 * the estimate is meant for: on unshifted traffic its mean top-class confidence is within {@value
 * #TOLERANCE} of the accuracy that the generator's labels give. Stopped early, the same learner is
 * underconfident and the estimate falls short of the measured accuracy by more than that. The
 * scraped estimate and accuracy are checked exactly against the answers and labels as the test saw
 * them in both cases.
 */
class TrainedClassifierAccuracyEstimateTest {
  static final String MODEL = "wine-class";
  static final String OUTPUT = "quality_class";
  static final double TOLERANCE = 0.03;
  static final int TRAINING_ROWS = 20_000;
  static final int ROWS = 3000;

  @TempDir Path modelDir;

  static String config() {
    StringBuilder yaml =
        new StringBuilder(
            "models:\n  - name: "
                + MODEL
                + "\n"
                + "    intercept: {library: tribuo, model_class:"
                + " org.tribuo.classification.sgd.linear.LinearSGDModel}\n"
                + "    features:\n");
    for (String name : WineData.FEATURE_NAMES) {
      yaml.append("      - {name: ").append(name).append("}\n");
    }
    return yaml.append("    outputs: [{name: ")
        .append(OUTPUT)
        .append(", kind: classification}]\n")
        .append("    prediction_id: {hash: features}\n")
        .append("    feedback: {window: 1h, min_samples: 100}\n")
        .toString();
  }

  /**
   * A multinomial logistic regression fitted to convergence (200 epochs of AdaGrad, step 0.5,
   * minibatches of 20) on {@value #TRAINING_ROWS} rows: its confidences are calibrated by the fit.
   */
  static Model<Label> converged() {
    return train(new AdaGrad(0.5, 0.1), 200, 20);
  }

  /**
   * The same model stopped early (30 epochs, step 0.1, one row per step): its weights are still
   * small, so its confidences are too low for its accuracy.
   */
  static Model<Label> underfit() {
    return train(new AdaGrad(0.1, 0.1), 30, 1);
  }

  static Model<Label> train(AdaGrad optimiser, int epochs, int minibatch) {
    WineData.Sample sample = new WineData(2026).sample(TRAINING_ROWS);
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("wine, seed 2026", factory), factory);
    for (int i = 0; i < sample.size(); i++) {
      data.add(WineModels.example(new Label(sample.qualityClass(i)), sample.row(i)));
    }
    return new LinearSGDTrainer(new LogMulticlass(), optimiser, epochs, -1, minibatch, 2026)
        .train(data);
  }

  @Test
  void theEstimateOfAClassifierTrainedToConvergenceIsWithinTolerance() throws Exception {
    double[] estimatedAndMeasured = serve(converged(), "trained to convergence");
    assertEquals(
        estimatedAndMeasured[1],
        estimatedAndMeasured[0],
        TOLERANCE,
        "estimate vs measured accuracy");
  }

  /**
   * When the estimate is wrong: the same learner stopped early gives confidences well below its
   * accuracy, and the estimate says so by falling short of the measured accuracy by more than the
   * tolerance (the miscalibration the README warns of).
   */
  @Test
  void anUnderconfidentClassifierIsUnderestimated() throws Exception {
    double[] estimatedAndMeasured = serve(underfit(), "stopped early");
    assertTrue(
        estimatedAndMeasured[1] - estimatedAndMeasured[0] > TOLERANCE,
        "estimate "
            + estimatedAndMeasured[0]
            + " should fall short of the measured accuracy "
            + estimatedAndMeasured[1]);
  }

  /**
   * Serves {@code model} with the agent, sends {@value #ROWS} rows of the training distribution,
   * posts their labels and returns the scraped estimate and measured accuracy, after checking both
   * exactly against the answers and labels as the test saw them.
   */
  double[] serve(Model<Label> model, String what) throws Exception {
    model.serializeToFile(modelDir.resolve(WineModels.CLASSIFIER_FILE));
    try (AgentedServer app =
        AgentedServer.start(
            TribuoTraffic.MAIN,
            config(),
            List.of(
                "--port", "0", "--model-dir", modelDir.toString(), "--task", "classification"))) {
      Map<Long, String> labels = new ConcurrentHashMap<>();
      TrafficResult result =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .mode(TrafficMode.NORMAL)
                  .rows(ROWS)
                  .seed(77)
                  .classificationLabels(true)
                  .recordExchanges(true),
              labels::put);
      long correct = 0;
      double confidences = 0;
      StringBuilder feedback = new StringBuilder();
      for (TrafficResult.Exchange exchange : result.exchanges()) {
        assertEquals(200, exchange.status, exchange.response);
        String[] fields = exchange.body.trim().split(",", -1);
        assertEquals(WineData.COLUMNS, fields.length, exchange.body);
        double[] row = new double[fields.length];
        for (int i = 0; i < fields.length; i++) {
          row[i] = Double.parseDouble(fields[i]);
        }
        String[] answer = exchange.response.trim().split(",");
        String label = labels.get(exchange.firstRowId);
        assertTrue(WineData.CLASSES.contains(label), label);
        correct += answer[0].equals(label) ? 1 : 0;
        confidences += Double.parseDouble(answer[1]);
        feedback
            .append("{\"model\": \"")
            .append(MODEL)
            .append("\", \"id\": \"")
            .append(featureHash(row))
            .append("\", \"label\": \"")
            .append(label)
            .append("\"}\n");
      }
      HttpResponse<String> posted = Http.post(app.agentPort(), "/feedback", feedback.toString());
      assertEquals(200, posted.statusCode(), posted.body());
      assertTrue(posted.body().contains("\"matched\":" + ROWS + ","), posted.body());

      double accuracy = (double) correct / ROWS;
      double meanConfidence = confidences / ROWS;
      Scrape scrape = app.scrape();
      assertEquals(ROWS, scrape.value("model_evaluation_samples", "model", MODEL));
      assertEquals(
          ROWS,
          scrape.value("model_evaluation_estimated_samples", "model", MODEL, "output", OUTPUT));
      double measured = scrape.value("model_evaluation", "model", MODEL, "metric", "accuracy");
      double estimated =
          scrape.value(
              "model_evaluation_estimated", "model", MODEL, "output", OUTPUT, "metric", "accuracy");
      System.out.printf(
          Locale.ROOT,
          "Tribuo logistic regression %s on %d rows: estimated accuracy %.4f, measured %.4f"
              + " (%d rows)%n",
          what,
          TRAINING_ROWS,
          estimated,
          measured,
          ROWS);
      assertEquals(accuracy, measured, 1e-12);
      assertEquals(meanConfidence, estimated, 1e-9);
      return new double[] {estimated, measured};
    }
  }

  /**
   * The documented feature hash over the values as the model received them (Tribuo: the doubles
   * parsed from the request), in the order of the config's features.
   */
  static String featureHash(double[] row) {
    long h = 0xcbf29ce484222325L;
    for (double value : row) {
      h = (h ^ Double.doubleToLongBits(value)) * 0x100000001b3L;
    }
    return String.format(Locale.ROOT, "%016x", h);
  }
}
