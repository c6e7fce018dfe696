package dev.modelwatch.agent.tribuo;

import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.ModelSpec;
import dev.modelwatch.extension.OutputExtractor;
import dev.modelwatch.extension.OutputSink;
import dev.modelwatch.extension.OutputSpec;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.RandomAccess;

/**
 * Reads the outputs of a Tribuo {@code predict} result: one {@code Prediction}, or a list of them.
 * A {@code Label} gives the predicted class and its score; a {@code Regressor} gives the value of
 * the dimension named by the output's {@code key} (default: the first dimension).
 */
final class TribuoOutputExtractor implements OutputExtractor {
  private final String[] names;
  private final boolean[] classification;
  private final String[] dimensions;
  // where each output's dimension was found last time; racy by design, every read is verified
  private final int[] positions;

  TribuoOutputExtractor(ModelSpec config) {
    List<? extends OutputSpec> outputs = config.outputs();
    this.names = new String[outputs.size()];
    this.classification = new boolean[outputs.size()];
    this.dimensions = new String[outputs.size()];
    for (int i = 0; i < names.length; i++) {
      OutputSpec output = outputs.get(i);
      names[i] = output.name();
      classification[i] = output.classification();
      dimensions[i] = output.key();
    }
    this.positions = new int[names.length];
  }

  @Override
  public void extract(Object result, double primitiveResult, OutputSink sink)
      throws ExtractionException {
    if (result == null) {
      throw new ExtractionException(
          "Tribuo predict returned null, not an org.tribuo.Prediction; no output recorded");
    }
    MethodHandle getOutput = OutputAccess.GET_OUTPUT.get(result.getClass());
    if (getOutput != null) {
      prediction(getOutput, result, sink);
    } else if (result instanceof List && result instanceof RandomAccess) {
      List<?> predictions = (List<?>) result;
      for (int i = 0, n = predictions.size(); i < n; i++) {
        prediction(predictions.get(i), sink);
      }
    } else if (result instanceof Iterable) {
      for (Object prediction : (Iterable<?>) result) {
        prediction(prediction, sink);
      }
    } else {
      throw new ExtractionException(
          "Tribuo predict returned a "
              + ExtractionException.describe(result)
              + ", not an org.tribuo.Prediction or a list of them; no output recorded");
    }
  }

  private void prediction(Object prediction, OutputSink sink) throws ExtractionException {
    MethodHandle getOutput =
        prediction == null ? null : OutputAccess.GET_OUTPUT.get(prediction.getClass());
    if (getOutput == null) {
      throw new ExtractionException(
          "Tribuo predict returned a list holding a "
              + ExtractionException.describe(prediction)
              + " where an org.tribuo.Prediction was expected; the rest is not recorded");
    }
    prediction(getOutput, prediction, sink);
  }

  private void prediction(MethodHandle getOutput, Object prediction, OutputSink sink)
      throws ExtractionException {
    Object output;
    try {
      output = (Object) getOutput.invokeExact(prediction);
      if (output == null) {
        throw new ExtractionException("a Tribuo prediction has no output; not recorded");
      }
      OutputAccess access = OutputAccess.BY_CLASS.get(output.getClass());
      switch (access.kind) {
        case LABEL:
          label(access, output, sink);
          return;
        case REGRESSOR:
          regressor(access, output, sink);
          return;
        default:
          throw new ExtractionException(
              "the Tribuo model predicts "
                  + ExtractionException.typeName(output.getClass())
                  + "; only Label (classification) and Regressor (regression) outputs are recorded;"
                  + " remove the model's outputs from the config to record calls and inputs only");
      }
    } catch (ExtractionException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new ExtractionException(
          "could not read a Tribuo prediction: reading its output threw "
              + ExtractionException.typeName(t.getClass()));
    }
  }

  private void label(OutputAccess access, Object output, OutputSink sink) throws Throwable {
    String label = access.label(output);
    double score = access.score(output);
    for (int o = 0; o < names.length; o++) {
      if (!classification[o]) {
        throw new ExtractionException(
            "output '"
                + names[o]
                + "' has kind regression, but the Tribuo model predicts classes (Label '"
                + label
                + "'); set kind: classification");
      }
      sink.predictedClass(o, label, score);
    }
  }

  private void regressor(OutputAccess access, Object output, OutputSink sink) throws Throwable {
    String[] dimensionNames = access.dimensionNames(output);
    double[] values = access.values(output);
    for (int o = 0; o < names.length; o++) {
      if (classification[o]) {
        throw new ExtractionException(
            "output '"
                + names[o]
                + "' has kind classification, but the Tribuo model predicts numbers (Regressor);"
                + " set kind: regression");
      }
      int d = dimension(o, dimensionNames);
      sink.value(o, values[d]);
    }
  }

  private int dimension(int output, String[] dimensionNames) throws ExtractionException {
    String wanted = dimensions[output];
    if (wanted == null) {
      return 0;
    }
    int guess = positions[output];
    if (guess < dimensionNames.length) {
      String there = dimensionNames[guess];
      if (there == wanted || wanted.equals(there)) {
        return guess;
      }
    }
    for (int d = 0; d < dimensionNames.length; d++) {
      if (wanted.equals(dimensionNames[d])) {
        positions[output] = d;
        return d;
      }
    }
    throw new ExtractionException(
        "output '"
            + names[output]
            + "' reads regressor dimension '"
            + wanted
            + "', but the Tribuo model predicts dimensions "
            + String.join(", ", dimensionNames)
            + "; set key to one of them");
  }
}
