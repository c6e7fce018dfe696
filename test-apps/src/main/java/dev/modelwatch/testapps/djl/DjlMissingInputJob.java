package dev.modelwatch.testapps.djl;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.tribuo.WineModels;
import dev.modelwatch.testapps.tribuo.WineOnnxExport;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A DJL batch job whose inputs may be absent: every third row of a batch is {@code null}, which its
 * translator scores as a row of zeros (as a service that imputes missing records would). Arguments:
 * the model directory and the number of batches of three. Prints {@code SCORED batches=B rows=R
 * nulls=N}, then waits until standard input closes and returns.
 */
public final class DjlMissingInputJob {
  private DjlMissingInputJob() {}

  /** The wine model's rows; a null row is scored as zeros. */
  static final class ImputingTranslator implements Translator<float[], Float> {
    private final int width;

    ImputingTranslator(int width) {
      this.width = width;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[] row) {
      return batchProcessInput(ctx, Arrays.asList(row));
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<float[]> rows) {
      float[] flat = new float[rows.size() * width];
      for (int r = 0; r < rows.size(); r++) {
        if (rows.get(r) != null) {
          System.arraycopy(rows.get(r), 0, flat, r * width, width);
        }
      }
      return new NDList(ctx.getNDManager().create(flat, new Shape(rows.size(), width)));
    }

    @Override
    public Float processOutput(TranslatorContext ctx, NDList list) {
      return list.get(0).toFloatArray()[0];
    }

    @Override
    public List<Float> batchProcessOutput(TranslatorContext ctx, NDList list) {
      List<Float> out = new ArrayList<>();
      for (float value : list.get(0).toFloatArray()) {
        out.add(value);
      }
      return out;
    }

    @Override
    public Batchifier getBatchifier() {
      return Batchifier.STACK;
    }
  }

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int batches = Integer.parseInt(args[1]);
    Path model = WineOnnxExport.exportIfAbsent(dir, WineModels.Task.REGRESSION);
    WineData data = new WineData(71);
    int width = WineData.FEATURE_NAMES.size();
    Criteria<float[], Float> criteria =
        Criteria.builder()
            .setTypes(float[].class, Float.class)
            .optModelPath(model)
            .optEngine("OnnxRuntime")
            .optTranslator(new ImputingTranslator(width))
            .build();
    int rows = 0;
    int nulls = 0;
    try (ZooModel<float[], Float> loaded = criteria.loadModel();
        Predictor<float[], Float> predictor = loaded.newPredictor()) {
      for (int b = 0; b < batches; b++) {
        List<float[]> batch = new ArrayList<>();
        for (int r = 0; r < 3; r++, rows++) {
          batch.add(r == 2 ? null : data.nextRow());
          nulls += r == 2 ? 1 : 0;
        }
        if (predictor.batchPredict(batch).size() != 3) {
          throw new IllegalStateException("three rows in, not three out");
        }
      }
    }
    System.out.println("SCORED batches=" + batches + " rows=" + rows + " nulls=" + nulls);
    System.out.flush();
    InputStream in = System.in;
    byte[] buffer = new byte[64];
    while (in.read(buffer) >= 0) {
      // until the test closes standard input
    }
  }
}
