package dev.modelwatch.benchmarks.models;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * A Tribuo linear regression over the same 11 features as {@link LinearModel}, trained at set-up on
 * synthetic rows (a fraction of a second), and its ONNX export for the ONNX Runtime benchmark.
 */
public final class TribuoModels {
  private static final RegressionFactory FACTORY = new RegressionFactory();

  private TribuoModels() {}

  /**
   * Feature names {@code f00}..{@code f10}: their lexicographic order is also their index order.
   */
  public static String[] featureNames() {
    String[] names = new String[LinearModel.FEATURES];
    for (int i = 0; i < names.length; i++) {
      names[i] = String.format("f%02d", i);
    }
    return names;
  }

  public static Model<Regressor> train() {
    LinearModel truth = new LinearModel();
    float[][] rows = Rows.of(LinearModel.FEATURES, 11);
    MutableDataset<Regressor> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("synthetic rows", FACTORY), FACTORY);
    SplittableRandom noise = new SplittableRandom(3);
    for (int repeat = 0; repeat < 8; repeat++) {
      for (float[] row : rows) {
        double target = truth.predict(row) + (noise.nextDouble() - 0.5) * 0.2;
        data.add(example(new Regressor("y", target), row));
      }
    }
    Model<Regressor> model =
        new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1, 0.1), 5, -1, 1, 7L).train(data);
    model.setName("benchmark-linear");
    return model;
  }

  /** One example per row, built once: the benchmark measures prediction, not example building. */
  public static Example<Regressor>[] examples(float[][] rows) {
    @SuppressWarnings("unchecked")
    Example<Regressor>[] examples = new Example[rows.length];
    for (int i = 0; i < rows.length; i++) {
      examples[i] = example(FACTORY.getUnknownOutput(), rows[i]);
    }
    return examples;
  }

  private static Example<Regressor> example(Regressor output, float[] row) {
    double[] values = new double[row.length];
    for (int i = 0; i < row.length; i++) {
      values[i] = row[i];
    }
    return new ArrayExample<>(output, featureNames(), values);
  }

  /** Writes the model as ONNX (Tribuo's stock export: input [N, 11] floats, output [N, 1]). */
  public static void exportOnnx(Model<Regressor> model, Path file) throws IOException {
    ((ONNXExportable) model).saveONNXModel("dev.modelwatch.benchmarks", 1, file);
  }
}
