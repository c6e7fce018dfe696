package dev.modelwatch.agent.djl;

import dev.modelwatch.agent.extract.ArgumentExtractor;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.InputExtractor;
import java.util.List;

/**
 * Features of a {@code Predictor.batchPredict(List)} call: each list element is one input of the
 * predictor. {@code float[]}, {@code double[]}, lists, maps and objects (by {@code path}) are read
 * like a plain method's argument; an {@code NDArray} (or the array of an {@code NDList} named by
 * {@code input}, default its first) is one row per element of its first dimension when it has two
 * or more dimensions, else one row.
 */
final class DjlInputExtractor implements InputExtractor {
  private final ArgumentExtractor plain;
  private final String[] names;
  private final String[] inputs;
  private final int[] indexes;
  private final boolean[] categorical;

  DjlInputExtractor(List<? extends FeatureSpec> features) {
    this.plain = features.isEmpty() ? null : new ArgumentExtractor(features);
    int n = features.size();
    names = new String[n];
    inputs = new String[n];
    indexes = new int[n];
    categorical = new boolean[n];
    for (int f = 0; f < n; f++) {
      FeatureSpec feature = features.get(f);
      names[f] = feature.name();
      inputs[f] = feature.input();
      indexes[f] = feature.index() != null ? feature.index() : f;
      categorical[f] = feature.categorical();
    }
  }

  @Override
  public void extract(Object input, FeatureSink sink) throws ExtractionException {
    if (!(input instanceof List)) {
      throw new ExtractionException(
          "the input of Predictor.batchPredict is a "
              + ExtractionException.describe(input)
              + ", not a List; intercept"
              + " the method that calls the predictor (a plain intercept: class, method) instead");
    }
    List<?> batch = (List<?>) input;
    for (int i = 0, n = batch.size(); i < n; i++) {
      Object element = batch.get(i);
      if (plain == null) {
        sink.endRow();
      } else if (element == null) {
        sink.missingRow(names.length);
      } else if (NdArrays.isList(element) || NdArrays.isArray(element)) {
        ndRows(element, sink);
      } else {
        plain.extract(element, sink);
      }
    }
  }

  private void ndRows(Object element, FeatureSink sink) throws ExtractionException {
    Object lastArray = null;
    float[] values = null;
    int elementRows = -1;
    int rows = 1;
    int width = 0;
    // feature by feature: few distinct arrays, each copied out once per element
    for (int f = 0; f < names.length; f++) {
      Object array = arrayOf(element, f);
      if (array != lastArray) {
        long[] shape;
        try {
          shape = NdArrays.shape(array);
          values = NdArrays.floats(array);
        } catch (ExtractionException e) {
          throw new ExtractionException(
              "feature '" + names[f] + "' reads an NDArray, but " + e.getMessage());
        }
        rows = shape.length >= 2 ? (int) shape[0] : 1;
        width = rows == 0 ? 0 : values.length / rows;
        lastArray = array;
        if (elementRows >= 0 && rows != elementRows) {
          throw new ExtractionException(
              "feature '"
                  + names[f]
                  + "' reads an NDArray of "
                  + rows
                  + " rows, but another feature's array has "
                  + elementRows
                  + "; the arrays of one input must have the same first dimension");
        }
        elementRows = rows;
      }
      if (indexes[f] >= width) {
        ExtractionException problem =
            new ExtractionException(
                "feature '"
                    + names[f]
                    + "' reads index "
                    + indexes[f]
                    + " of each row, but the NDArray's rows have "
                    + width
                    + " elements; the other features were recorded and this one counts as missing."
                    + " Check features[].index");
        for (int r = 0; r < rows; r++) {
          sink.unreadable(f, problem);
        }
        continue;
      }
      for (int r = 0; r < rows; r++) {
        double value = values[r * width + indexes[f]];
        if (categorical[f]) {
          sink.categoryCode(f, value);
        } else {
          sink.numeric(f, value);
        }
      }
    }
    for (int r = 0; r < rows; r++) {
      sink.endRow();
    }
  }

  private Object arrayOf(Object element, int f) throws ExtractionException {
    if (NdArrays.isArray(element)) {
      return element;
    }
    List<?> list = (List<?>) element;
    if (list.isEmpty()) {
      throw new ExtractionException("feature '" + names[f] + "': the NDList is empty");
    }
    if (inputs[f] == null) {
      return list.get(0);
    }
    for (Object array : list) {
      if (inputs[f].equals(NdArrays.name(array))) {
        return array;
      }
    }
    throw new ExtractionException(
        "feature '"
            + names[f]
            + "' reads NDArray '"
            + inputs[f]
            + "', but the NDList has no array of that name");
  }
}
