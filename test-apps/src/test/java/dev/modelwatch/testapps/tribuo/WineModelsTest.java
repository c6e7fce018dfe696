package dev.modelwatch.testapps.tribuo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.modelwatch.testapps.data.WineData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

class WineModelsTest {

  private static Path dir;
  private static Model<?> regression;
  private static Model<?> classifier;

  @BeforeAll
  static void trainAndExport(@TempDir Path tmp) throws Exception {
    dir = tmp;
    regression = WineModels.loadOrTrain(dir, WineModels.Task.REGRESSION);
    classifier = WineModels.loadOrTrain(dir, WineModels.Task.CLASSIFICATION);
    WineOnnxExport.exportIfAbsent(dir, WineModels.Task.REGRESSION);
    WineOnnxExport.exportIfAbsent(dir, WineModels.Task.CLASSIFICATION);
  }

  @Test
  void modelsAreNamedAndKnowTheTwelveFeatures() {
    assertEquals("wine-quality", regression.getName());
    assertEquals("wine-quality-class", classifier.getName());
    List<String> names = new ArrayList<>();
    for (int id = 0; id < regression.getFeatureIDMap().size(); id++) {
      names.add(regression.getFeatureIDMap().get(id).getName());
    }
    List<String> sorted = new ArrayList<>(WineData.FEATURE_NAMES);
    Collections.sort(sorted);
    // Tribuo numbers features in name order; the ONNX export re-orders them (tested below)
    assertEquals(sorted, names);
  }

  @Test
  void savedModelIsReloadedAndTrainingDataWrittenBesideIt() throws Exception {
    assertTrue(Files.isRegularFile(dir.resolve(WineModels.REGRESSION_FILE)));
    List<String> csv = Files.readAllLines(dir.resolve(WineModels.TRAINING_CSV));
    assertEquals(WineModels.DEFAULT_TRAINING_ROWS + 1, csv.size());
    assertTrue(csv.get(0).startsWith("fixed_acidity,"));
    Model<?> again = WineModels.loadOrTrain(dir, WineModels.Task.REGRESSION);
    float[] row = new WineData(77).nextRow();
    assertEquals(predict(regression, row), predict(again, row), 0.0);
  }

  @Test
  void missingFieldsAreLeftOutOfTribuoExamples() {
    String[] fields = {"7.0", "", "0.3", "NaN"};
    Example<Regressor> e = WineModels.example(new RegressionFactory(), fields);
    Map<String, Double> values = new java.util.TreeMap<>();
    for (Feature f : e) {
      values.put(f.getName(), f.getValue());
    }
    // volatile_acidity (empty) and everything after the 4th field are absent; NaN stays a value
    assertEquals(
        Map.of("fixed_acidity", 7.0, "citric_acid", 0.3, "residual_sugar", Double.NaN), values);
  }

  @Test
  void exportedRegressionTakesWireOrderAndMatchesTribuo() throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    WineData data = new WineData(31);
    float[][] rows = new float[200][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = data.nextRow();
    }
    try (OrtSession session =
            env.createSession(dir.resolve(WineOnnxExport.REGRESSION_FILE).toString());
        OnnxTensor input = OnnxTensor.createTensor(env, rows);
        OrtSession.Result result = session.run(Map.of("float_input", input))) {
      assertShape(session.getInputInfo().get("float_input"), -1, 12);
      assertShape(session.getOutputInfo().get("quality"), -1, 1);
      float[][] out = (float[][]) result.get(0).getValue();
      for (int i = 0; i < rows.length; i++) {
        assertEquals(predict(regression, rows[i]), out[i][0], 1e-4);
      }
    }
  }

  @Test
  void exportedClassifierGivesTribuoProbabilitiesInLabelsFileOrder() throws Exception {
    Path file = dir.resolve(WineOnnxExport.CLASSIFIER_FILE);
    List<String> labels = WineOnnxExport.readLabels(file);
    assertEquals(3, labels.size());
    assertEquals(
        List.of("high", "low", "medium"),
        labels.stream().sorted().collect(java.util.stream.Collectors.toList()));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    WineData data = new WineData(32);
    float[][] rows = new float[100][];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = data.nextRow();
    }
    try (OrtSession session = env.createSession(file.toString());
        OnnxTensor input = OnnxTensor.createTensor(env, rows);
        OrtSession.Result result = session.run(Map.of("float_input", input))) {
      assertShape(session.getOutputInfo().get("probabilities"), -1, 3);
      float[][] out = (float[][]) result.get(0).getValue();
      for (int i = 0; i < rows.length; i++) {
        @SuppressWarnings("unchecked")
        Prediction<Label> p =
            ((Model<Label>) classifier)
                .predict(
                    WineModels.example(
                        new org.tribuo.classification.LabelFactory(),
                        WineData.formatRow(rows[i]).split(",")));
        double sum = 0;
        for (int j = 0; j < 3; j++) {
          assertEquals(p.getOutputScores().get(labels.get(j)).getScore(), out[i][j], 1e-4);
          sum += out[i][j];
        }
        assertEquals(1.0, sum, 1e-5);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static double predict(Model<?> model, float[] row) {
    Model<Regressor> m = (Model<Regressor>) model;
    return m.predict(
            WineModels.example(new RegressionFactory(), WineData.formatRow(row).split(",")))
        .getOutput()
        .getValues()[0];
  }

  private static void assertShape(NodeInfo info, long... shape) {
    assertArrayEquals(shape, ((TensorInfo) info.getInfo()).getShape());
  }
}
