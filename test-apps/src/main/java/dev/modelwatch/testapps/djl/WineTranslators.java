package dev.modelwatch.testapps.djl;

import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * DJL translators for the wine ONNX models. The OnnxRuntime engine's arrays cannot be stacked by
 * DJL's batchifier, so the translators batch themselves: a request's rows become one {@code [N, W]}
 * array and the {@code [N, K]} output is split per row, for {@code predict} (N = 1, DJL routes it
 * through the batch path) and {@code batchPredict} alike.
 */
public final class WineTranslators {

  private WineTranslators() {}

  /** Regression: output column 0 is the predicted quality. */
  public static Translator<float[], Float> regression() {
    return new RowTranslator<>(p -> p[0]);
  }

  /**
   * Regression over inputs of another kind (an image, a text), each mapped to a wine row by {@code
   * toRow}; a batch of inputs becomes one {@code [N, 12]} array as with {@link #regression()}.
   */
  public static <I> Translator<I, Float> regression(Function<I, float[]> toRow) {
    Translator<float[], Float> rows = regression();
    return new Translator<I, Float>() {
      @Override
      public NDList processInput(TranslatorContext ctx, I input) throws Exception {
        return rows.processInput(ctx, toRow.apply(input));
      }

      @Override
      public Float processOutput(TranslatorContext ctx, NDList list) throws Exception {
        return rows.processOutput(ctx, list);
      }

      @Override
      public NDList batchProcessInput(TranslatorContext ctx, List<I> inputs) throws Exception {
        List<float[]> batch = new ArrayList<>(inputs.size());
        for (I input : inputs) {
          batch.add(toRow.apply(input));
        }
        return rows.batchProcessInput(ctx, batch);
      }

      @Override
      public List<Float> batchProcessOutput(TranslatorContext ctx, NDList list) throws Exception {
        return rows.batchProcessOutput(ctx, list);
      }
    };
  }

  /** Classification: the output is one probability per label, in {@code labels} order. */
  public static Translator<float[], Classifications> classification(List<String> labels) {
    List<String> names = new ArrayList<>(labels);
    return new RowTranslator<>(
        p -> {
          List<Double> probabilities = new ArrayList<>(p.length);
          for (float v : p) {
            probabilities.add((double) v);
          }
          return new Classifications(names, probabilities);
        });
  }

  /** Rows in, one output row per input row out; {@code fromOutputRow} reads one output row. */
  private static final class RowTranslator<O> implements Translator<float[], O> {
    private final Function<float[], O> fromOutputRow;

    RowTranslator(Function<float[], O> fromOutputRow) {
      this.fromOutputRow = fromOutputRow;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, float[] row) {
      return new NDList(ctx.getNDManager().create(row, new Shape(1, row.length)));
    }

    @Override
    public O processOutput(TranslatorContext ctx, NDList list) {
      return fromOutputRow.apply(list.get(0).toFloatArray());
    }

    @Override
    public NDList batchProcessInput(TranslatorContext ctx, List<float[]> rows) {
      int width = rows.get(0).length;
      float[] flat = new float[rows.size() * width];
      for (int r = 0; r < rows.size(); r++) {
        float[] row = rows.get(r);
        if (row.length != width) {
          throw new IllegalArgumentException(
              "row "
                  + (r + 1)
                  + " has "
                  + row.length
                  + " values but row 1 has "
                  + width
                  + "; a batch needs rows of equal width");
        }
        System.arraycopy(row, 0, flat, r * width, width);
      }
      return new NDList(ctx.getNDManager().create(flat, new Shape(rows.size(), width)));
    }

    @Override
    public List<O> batchProcessOutput(TranslatorContext ctx, NDList list) {
      NDArray out = list.get(0);
      long[] shape = out.getShape().getShape();
      int n = (int) shape[0];
      int k = shape.length > 1 ? (int) shape[1] : 1;
      float[] flat = out.toFloatArray();
      List<O> results = new ArrayList<>(n);
      for (int r = 0; r < n; r++) {
        float[] row = new float[k];
        System.arraycopy(flat, r * k, row, 0, k);
        results.add(fromOutputRow.apply(row));
      }
      return results;
    }

    /**
     * Non-null so that DJL takes the batch path (one forward pass per request); the overridden
     * batch methods above never use it.
     */
    @Override
    public Batchifier getBatchifier() {
      return Batchifier.STACK;
    }
  }
}
