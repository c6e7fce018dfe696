package dev.modelwatch.agent.xgboost;

/**
 * What one {@code DMatrix} was built from, as its constructor was called: the application's own
 * arrays (never copied), its rows and columns, and the value that stands for missing. A matrix
 * XGBoost filled itself (from a file, an iterator, off-heap memory) has rows only, and says where
 * its values came from.
 */
final class MatrixData {
  /** How the values are laid out. */
  enum Layout {
    /** {@code values[row * columns + column]}. */
    DENSE,
    /**
     * Row {@code r}'s entries are {@code pointers[r] .. pointers[r + 1]} of {@code indices}
     * (columns) and values.
     */
    CSR,
    /**
     * Column {@code c}'s entries are {@code pointers[c] .. pointers[c + 1]} of {@code indices}
     * (rows) and values.
     */
    CSC,
    /** Not readable: see {@link #source}. */
    UNREADABLE
  }

  final Layout layout;
  final float[] values;
  final long[] pointers;
  final int[] indices;
  final int rows;

  /** -1 when the constructor did not say (a CSR matrix without {@code ncol}). */
  final int columns;

  final float missing;

  /**
   * Whether the indices of every row (CSR) or column (CSC) are ascending, so that a binary search
   * finds them.
   */
  final boolean sorted;

  /** How the matrix was made, for messages: {@code DMatrix(String dataPath)}. */
  final String source;

  private MatrixData(
      Layout layout,
      float[] values,
      long[] pointers,
      int[] indices,
      int rows,
      int columns,
      float missing,
      boolean sorted,
      String source) {
    this.layout = layout;
    this.values = values;
    this.pointers = pointers;
    this.indices = indices;
    this.rows = rows;
    this.columns = columns;
    this.missing = missing;
    this.sorted = sorted;
    this.source = source;
  }

  static MatrixData dense(float[] values, int rows, int columns, float missing) {
    return new MatrixData(
        Layout.DENSE,
        values,
        null,
        null,
        rows,
        columns,
        missing,
        true,
        "DMatrix(float[] data, int nrow, int ncol, float missing)");
  }

  static MatrixData sparse(
      boolean csr,
      long[] pointers,
      int[] indices,
      float[] values,
      int rows,
      int columns,
      float missing) {
    return new MatrixData(
        csr ? Layout.CSR : Layout.CSC,
        values,
        pointers,
        indices,
        rows,
        columns,
        missing,
        ascending(pointers, indices),
        csr ? "a CSR DMatrix" : "a CSC DMatrix");
  }

  /** A matrix whose values the agent cannot read, or does not keep. */
  static MatrixData unreadable(int rows, String source) {
    return new MatrixData(Layout.UNREADABLE, null, null, null, rows, -1, Float.NaN, false, source);
  }

  /** The same rows, without the values: for a config that reads no features. */
  MatrixData withoutValues() {
    return layout == Layout.UNREADABLE
        ? this
        : unreadable(
            rows,
            source
                + " made while no xgboost model of the"
                + " config read features (its values were not kept)");
  }

  boolean uses(float[] values, long[] pointers, int[] indices) {
    return this.values == values && this.pointers == pointers && this.indices == indices;
  }

  private static boolean ascending(long[] pointers, int[] indices) {
    for (int segment = 0; segment + 1 < pointers.length; segment++) {
      long end = Math.min(pointers[segment + 1], indices.length);
      for (long k = Math.max(pointers[segment], 0) + 1; k < end; k++) {
        if (indices[(int) k - 1] >= indices[(int) k]) {
          return false;
        }
      }
    }
    return true;
  }
}
