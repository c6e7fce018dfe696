package dev.modelwatch.testapps.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelwatch.testapps.traffic.MalformedRequestException;
import dev.modelwatch.testapps.traffic.RowPredictor;
import dev.modelwatch.testapps.traffic.WireFormat;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Serves an ONNX model with ONNX Runtime: the session is created from the model's file path
 * (monitoring attributes calls by that path), each request becomes one {@code float[N][W]} tensor
 * and one {@code OrtSession.run}. A request whose rows all have a wrong width reaches the model,
 * which rejects it; rows of mixed widths cannot form a tensor (400).
 *
 * <p>Regression models answer with output column 0; classifiers (a non-empty label list, one label
 * per output column) answer {@code label,probability} of the most probable class.
 */
public final class OnnxRowPredictor implements RowPredictor, AutoCloseable {

  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final List<String> labels;

  public OnnxRowPredictor(
      OrtEnvironment env, Path modelFile, List<String> labels, int intraOpThreads)
      throws OrtException {
    this.env = env;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      if (intraOpThreads > 0) {
        options.setIntraOpNumThreads(intraOpThreads);
      }
      this.session = env.createSession(modelFile.toString(), options);
    }
    this.inputName = session.getInputNames().iterator().next();
    this.labels = Collections.unmodifiableList(new ArrayList<>(labels));
  }

  @Override
  public List<String> predict(List<String[]> rows) throws MalformedRequestException, OrtException {
    float[][] matrix = WireFormat.toMatrix(rows);
    try (OnnxTensor input = OnnxTensor.createTensor(env, matrix);
        OrtSession.Result result = session.run(Collections.singletonMap(inputName, input))) {
      float[][] out = (float[][]) result.get(0).getValue();
      List<String> lines = new ArrayList<>(out.length);
      for (float[] row : out) {
        lines.add(labels.isEmpty() ? Float.toString(row[0]) : best(row));
      }
      return lines;
    }
  }

  private String best(float[] probabilities) {
    int best = 0;
    for (int i = 1; i < probabilities.length; i++) {
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    return WireFormat.classification(labels.get(best), probabilities[best]);
  }

  @Override
  public void close() throws OrtException {
    session.close();
  }
}
