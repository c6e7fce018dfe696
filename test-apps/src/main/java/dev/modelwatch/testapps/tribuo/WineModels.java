package dev.modelwatch.testapps.tribuo;

import dev.modelwatch.testapps.data.WineData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * Tribuo linear models of {@link WineData}, trained in a few seconds: a regression of {@code
 * quality} (squared loss) and a multinomial logistic regression of {@code quality_class} (softmax
 * outputs, so predictions carry probabilities). Both use the wine feature names, and both can be
 * exported to ONNX by {@link WineOnnxExport}.
 */
public final class WineModels {

  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_TRAINING_ROWS = 5000;
  public static final String REGRESSION_FILE = "wine-regression.tribuo";
  public static final String CLASSIFIER_FILE = "wine-classifier.tribuo";

  /**
   * Training data of the saved models, for the baseline tool: header, then one labelled row per
   * line.
   */
  public static final String TRAINING_CSV = "wine-train.csv";

  /** Model names ({@code Model.getName()}), kept through serialization. */
  public static final String REGRESSION_NAME = "wine-quality";

  public static final String CLASSIFIER_NAME = "wine-quality-class";

  /** Regression output dimension name. */
  public static final String QUALITY = "quality";

  private static final int EPOCHS = 30;
  private static final int MINIBATCH = 1;

  private WineModels() {}

  /** Which model a server hosts. */
  public enum Task {
    REGRESSION,
    CLASSIFICATION;

    public static Task parse(String s) {
      switch (s) {
        case "regression":
          return REGRESSION;
        case "classification":
          return CLASSIFICATION;
        default:
          throw new IllegalArgumentException(
              "unknown task '" + s + "'; use regression or classification");
      }
    }

    public String fileName() {
      return this == REGRESSION ? REGRESSION_FILE : CLASSIFIER_FILE;
    }
  }

  public static Model<Regressor> trainRegression(long seed, int rows) {
    WineData.Sample sample = new WineData(seed).sample(rows);
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data =
        new MutableDataset<>(
            new SimpleDataSourceProvenance("synthetic wine, seed " + seed, factory), factory);
    for (int i = 0; i < sample.size(); i++) {
      data.add(example(new Regressor(QUALITY, sample.quality(i)), sample.row(i)));
    }
    var trainer =
        new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
            new SquaredLoss(), new AdaGrad(0.1, 0.1), EPOCHS, -1, MINIBATCH, seed);
    Model<Regressor> model = trainer.train(data);
    model.setName(REGRESSION_NAME);
    return model;
  }

  public static Model<Label> trainClassifier(long seed, int rows) {
    WineData.Sample sample = new WineData(seed).sample(rows);
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(
            new SimpleDataSourceProvenance("synthetic wine, seed " + seed, factory), factory);
    for (int i = 0; i < sample.size(); i++) {
      data.add(example(new Label(sample.qualityClass(i)), sample.row(i)));
    }
    var trainer =
        new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
            new LogMulticlass(), new AdaGrad(0.1, 0.1), EPOCHS, -1, MINIBATCH, seed);
    Model<Label> model = trainer.train(data);
    model.setName(CLASSIFIER_NAME);
    return model;
  }

  public static Model<?> train(Task task, long seed, int rows) {
    return task == Task.REGRESSION ? trainRegression(seed, rows) : trainClassifier(seed, rows);
  }

  /**
   * Loads the task's model from {@code dir} or, if absent, trains it and saves it there, so several
   * servers (or runs) share one trained model. The training data is written beside it as {@value
   * #TRAINING_CSV} (both tasks train on the same sample).
   */
  public static Model<?> loadOrTrain(Path dir, Task task) throws IOException {
    Path file = dir.resolve(task.fileName());
    if (Files.isRegularFile(file)) {
      return Model.deserializeFromFile(file);
    }
    Model<?> model = train(task, DEFAULT_SEED, DEFAULT_TRAINING_ROWS);
    Files.createDirectories(dir);
    Path csv = dir.resolve(TRAINING_CSV);
    if (!Files.isRegularFile(csv)) {
      Path tmpCsv = Files.createTempFile(dir, TRAINING_CSV, ".tmp");
      WineData.writeCsv(new WineData(DEFAULT_SEED).sample(DEFAULT_TRAINING_ROWS), tmpCsv);
      Files.move(
          tmpCsv,
          csv,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    // write then rename, so a concurrent reader never sees half a file
    Path tmp = Files.createTempFile(dir, task.fileName(), ".tmp");
    model.serializeToFile(tmp);
    Files.move(
        tmp,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return model;
  }

  /** A training example from a full row. */
  public static <T extends Output<T>> Example<T> example(T output, float[] row) {
    String[] names = new String[WineData.COLUMNS];
    double[] values = new double[WineData.COLUMNS];
    for (int i = 0; i < WineData.COLUMNS; i++) {
      names[i] = WineData.FEATURE_NAMES.get(i);
      values[i] = row[i];
    }
    return new ArrayExample<>(output, names, values);
  }

  /**
   * An example to predict from wire fields. Empty fields and fields missing from a short row are
   * left out, which is how Tribuo represents missing features; {@code NaN} is kept as a value;
   * fields beyond the 12th are ignored.
   */
  public static <T extends Output<T>> Example<T> example(
      OutputFactory<T> factory, String[] fields) {
    int n = Math.min(fields.length, WineData.COLUMNS);
    List<String> names = new ArrayList<>(n);
    List<Double> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (!fields[i].isEmpty()) {
        names.add(WineData.FEATURE_NAMES.get(i));
        values.add(Double.parseDouble(fields[i]));
      }
    }
    double[] v = new double[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i);
    }
    return new ArrayExample<>(factory.getUnknownOutput(), names.toArray(new String[0]), v);
  }
}
