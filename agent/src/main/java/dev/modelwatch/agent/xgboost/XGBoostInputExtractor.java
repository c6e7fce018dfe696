package dev.modelwatch.agent.xgboost;

import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.ModelSpec;
import java.util.List;

/**
 * Reads the features of an XGBoost prediction by column ({@code index}, default the feature's
 * position in the list), one row per matrix row: from the arrays the {@code DMatrix} was built from
 * (dense, CSR or CSC, found by the matrix's identity), or from the arguments of {@code
 * inplace_predict}. A value equal to the matrix's {@code missing}, a NaN, and an entry a sparse
 * matrix does not have count as missing, as XGBoost treats them. A matrix XGBoost filled itself (a
 * file, an iterator, off-heap memory) has its rows counted and its features recorded as unreadable.
 * Allocates nothing while the values can be read.
 */
final class XGBoostInputExtractor implements InputExtractor {
  private static final String UNSEEN =
      "a DMatrix whose making the agent did not see (made before the agent"
          + " started, or by a constructor it does not watch)";
  private static final String INPLACE =
      "Booster.inplace_predict(float[] data, int nrow, int ncol, float missing)";

  private final String[] names;
  private final int[] columns;
  private final boolean[] categorical;

  XGBoostInputExtractor(ModelSpec model) {
    this(model.features());
  }

  XGBoostInputExtractor(List<? extends FeatureSpec> features) {
    this.names = new String[features.size()];
    this.columns = new int[names.length];
    this.categorical = new boolean[names.length];
    for (int f = 0; f < names.length; f++) {
      FeatureSpec feature = features.get(f);
      names[f] = feature.name();
      columns[f] = feature.index() != null ? feature.index() : f;
      categorical[f] = feature.categorical();
    }
  }

  @Override
  public void extract(Object input, FeatureSink sink) throws ExtractionException {
    if (input instanceof Object[]) {
      inplace((Object[]) input, sink);
      return;
    }
    if (input == null) {
      sink.missingRow(names.length);
      return;
    }
    MatrixData data = Matrices.get(input);
    if (data == null) {
      unreadable(Matrices.rows(input), UNSEEN, sink);
      return;
    }
    switch (data.layout) {
      case DENSE:
        dense(data.values, data.rows, data.columns, data.missing, data.source, sink);
        break;
      case CSR:
        csr(data, sink);
        break;
      case CSC:
        csc(data, sink);
        break;
      default:
        unreadable(data.rows >= 0 ? data.rows : Matrices.rows(input), data.source, sink);
    }
  }

  /** {@code (float[] data, int nrow, int ncol, float missing, ...)}. */
  private void inplace(Object[] arguments, FeatureSink sink) throws ExtractionException {
    if (arguments.length < 4
        || !(arguments[0] instanceof float[])
        || !(arguments[1] instanceof Integer)
        || !(arguments[2] instanceof Integer)
        || !(arguments[3] instanceof Float)) {
      throw new ExtractionException(
          "the arguments of inplace_predict are not (float[] data, int nrow, int ncol,"
              + " float missing, ...) in this XGBoost4J version; no input recorded");
    }
    dense(
        (float[]) arguments[0],
        (Integer) arguments[1],
        (Integer) arguments[2],
        (Float) arguments[3],
        INPLACE,
        sink);
  }

  private void dense(
      float[] values, int rows, int width, float missing, String source, FeatureSink sink)
      throws ExtractionException {
    if ((long) rows * width > values.length) {
      throw new ExtractionException(
          source
              + " gave "
              + rows
              + " rows of "
              + width
              + " columns, but its data has "
              + values.length
              + " values; no input recorded");
    }
    ExtractionException beyond = null;
    for (int r = 0, base = 0; r < rows; r++, base += width) {
      for (int f = 0; f < names.length; f++) {
        int column = columns[f];
        if (column >= width) {
          sink.unreadable(f, beyond = beyond != null ? beyond : beyond(f, width, source));
        } else {
          value(sink, f, values[base + column], missing);
        }
      }
      sink.endRow();
    }
  }

  private void csr(MatrixData data, FeatureSink sink) throws ExtractionException {
    long[] pointers = data.pointers;
    checkEntries(data, pointers[data.rows]);
    ExtractionException beyond = null;
    for (int r = 0; r < data.rows; r++) {
      int from = (int) pointers[r];
      int to = (int) pointers[r + 1];
      for (int f = 0; f < names.length; f++) {
        int column = columns[f];
        if (data.columns >= 0 && column >= data.columns) {
          sink.unreadable(
              f, beyond = beyond != null ? beyond : beyond(f, data.columns, data.source));
          continue;
        }
        int k = find(data.indices, from, to, column, data.sorted);
        if (k < 0) {
          sink.missing(f);
        } else {
          value(sink, f, data.values[k], data.missing);
        }
      }
      sink.endRow();
    }
  }

  private void csc(MatrixData data, FeatureSink sink) throws ExtractionException {
    long[] pointers = data.pointers;
    int width = pointers.length - 1;
    checkEntries(data, pointers[width]);
    if (data.rows < 0) {
      throw new ExtractionException(
          "the rows of "
              + data.source
              + " could not be read (DMatrix.rowNum() failed);"
              + " no input recorded");
    }
    ExtractionException beyond = null;
    for (int r = 0; r < data.rows; r++) {
      for (int f = 0; f < names.length; f++) {
        int column = columns[f];
        if (column >= width) {
          sink.unreadable(f, beyond = beyond != null ? beyond : beyond(f, width, data.source));
          continue;
        }
        int k =
            find(data.indices, (int) pointers[column], (int) pointers[column + 1], r, data.sorted);
        if (k < 0) {
          sink.missing(f);
        } else {
          value(sink, f, data.values[k], data.missing);
        }
      }
      sink.endRow();
    }
  }

  private static void checkEntries(MatrixData data, long entries) throws ExtractionException {
    if (entries > data.indices.length || entries > data.values.length) {
      throw new ExtractionException(
          data.source
              + " points at "
              + entries
              + " entries, but has "
              + data.indices.length
              + " indices and "
              + data.values.length
              + " values; no input recorded");
    }
  }

  private void value(FeatureSink sink, int f, float value, float missing) {
    if (value != value || value == missing) {
      sink.missing(f);
    } else if (categorical[f]) {
      sink.categoryCode(f, value);
    } else {
      sink.numeric(f, value);
    }
  }

  /** The entry of {@code key} among {@code indices[from..to)}, or -1. */
  private static int find(int[] indices, int from, int to, int key, boolean sorted) {
    if (sorted) {
      int low = from;
      int high = to - 1;
      while (low <= high) {
        int middle = (low + high) >>> 1;
        int index = indices[middle];
        if (index < key) {
          low = middle + 1;
        } else if (index > key) {
          high = middle - 1;
        } else {
          return middle;
        }
      }
      return -1;
    }
    for (int k = from; k < to; k++) {
      if (indices[k] == key) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Rows whose values cannot be read: counted, with every feature unreadable (missing, and one
   * error).
   */
  private void unreadable(long rows, String source, FeatureSink sink) throws ExtractionException {
    if (rows < 0) {
      throw new ExtractionException(
          "the rows of "
              + source
              + " could not be read (DMatrix.rowNum() failed); no"
              + " input recorded");
    }
    if (names.length == 0) {
      for (long r = 0; r < rows; r++) {
        sink.endRow();
      }
      return;
    }
    ExtractionException problem =
        new ExtractionException(
            "feature '"
                + names[0]
                + "'"
                + (names.length > 1 ? " and the other " + (names.length - 1) + " feature(s)" : "")
                + " cannot be read from "
                + source
                + ": XGBoost holds its values in native memory, out of the agent's reach. Its "
                + rows
                + " rows are counted and the features count as missing; build the DMatrix from a float[] (dense) or CSR"
                + " arrays, or call inplace_predict, to record them, or list no features for this model");
    for (long r = 0; r < rows; r++) {
      for (int f = 0; f < names.length; f++) {
        sink.unreadable(f, problem);
      }
      sink.endRow();
    }
  }

  private ExtractionException beyond(int f, int width, String source) {
    return new ExtractionException(
        "feature '"
            + names[f]
            + "' reads column "
            + columns[f]
            + ", but "
            + source
            + " has "
            + width
            + " columns; the other features were recorded and this one counts as missing. Check"
            + " features[].index");
  }
}
