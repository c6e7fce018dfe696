package dev.modelwatch.testapps.djl;

import ai.djl.MalformedModelException;
import ai.djl.inference.Predictor;
import ai.djl.modality.Classifications;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import dev.modelwatch.testapps.traffic.MalformedRequestException;
import dev.modelwatch.testapps.traffic.RowPredictor;
import dev.modelwatch.testapps.traffic.WireFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * Serves an ONNX model through DJL's OnnxRuntime engine: one row calls {@code Predictor.predict},
 * several rows {@code Predictor.batchPredict}. DJL predictors are not thread-safe, so each HTTP
 * worker thread gets its own predictor of the one loaded model.
 */
public final class DjlRowPredictor<O> implements RowPredictor, AutoCloseable {

  private final ZooModel<float[], O> model;
  private final Function<O, String> format;
  private final ConcurrentLinkedQueue<Predictor<float[], O>> all = new ConcurrentLinkedQueue<>();
  private final ThreadLocal<Predictor<float[], O>> perThread;

  private DjlRowPredictor(ZooModel<float[], O> model, Function<O, String> format) {
    this.model = model;
    this.format = format;
    this.perThread =
        ThreadLocal.withInitial(
            () -> {
              Predictor<float[], O> p = model.newPredictor();
              all.add(p);
              return p;
            });
  }

  /**
   * A regression model (no labels) or a classifier (labels in output-column order).
   *
   * @param modelPath an {@code .onnx} file, whose name (without {@code .onnx}) DJL then uses as the
   *     model name, or a directory holding {@code <modelName>.onnx}
   */
  public static DjlRowPredictor<?> load(Path modelPath, String modelName, List<String> labels)
      throws ModelNotFoundException, MalformedModelException, IOException {
    if (labels.isEmpty()) {
      return new DjlRowPredictor<>(
          load(modelPath, modelName, Float.class, WineTranslators.regression()),
          v -> Float.toString(v));
    }
    return new DjlRowPredictor<>(
        load(modelPath, modelName, Classifications.class, WineTranslators.classification(labels)),
        c -> {
          Classifications.Classification best = c.best();
          return WireFormat.classification(best.getClassName(), best.getProbability());
        });
  }

  private static <O> ZooModel<float[], O> load(
      Path modelPath, String modelName, Class<O> type, Translator<float[], O> translator)
      throws ModelNotFoundException, MalformedModelException, IOException {
    Criteria<float[], O> criteria =
        Criteria.builder()
            .setTypes(float[].class, type)
            .optModelPath(modelPath)
            .optModelName(modelName)
            .optEngine("OnnxRuntime")
            .optTranslator(translator)
            .build();
    return criteria.loadModel();
  }

  public String modelName() {
    return model.getName();
  }

  @Override
  public List<String> predict(List<String[]> rows)
      throws TranslateException, MalformedRequestException {
    // rows of mixed widths are refused before the model, as by the ONNX Runtime server
    float[][] matrix = WireFormat.toMatrix(rows);
    Predictor<float[], O> predictor = perThread.get();
    if (rows.size() == 1) {
      return Collections.singletonList(format.apply(predictor.predict(matrix[0])));
    }
    List<O> outputs = predictor.batchPredict(Arrays.asList(matrix));
    List<String> lines = new ArrayList<>(outputs.size());
    for (O o : outputs) {
      lines.add(format.apply(o));
    }
    return lines;
  }

  @Override
  public void close() {
    for (Predictor<float[], O> p : all) {
      p.close();
    }
    model.close();
  }
}
