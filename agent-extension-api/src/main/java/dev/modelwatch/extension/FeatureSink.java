package dev.modelwatch.extension;

/** Where extractors write feature values; features are addressed by their index in the config. */
public interface FeatureSink {
  /** A numeric value; NaN counts as missing. */
  void numeric(int feature, double value);

  /** A categorical value; null counts as missing. */
  void category(int feature, String value);

  /** A categorical value given as a number (a class code, a 0/1 flag); NaN counts as missing. */
  void categoryCode(int feature, double code);

  /** The feature is absent from this row. */
  void missing(int feature);

  /**
   * The feature could not be read from this row (an index beyond the row, a getter that is not
   * there, text where a number belongs): it counts as missing, and the problem is kept to be
   * counted as an agent error and logged once; the row's other features are recorded as usual.
   */
  default void unreadable(int feature, ExtractionException problem) {
    missing(feature);
  }

  /**
   * A row whose {@code features} features are all missing, then ended: a null input is data (an
   * absent record), not a fault.
   */
  default void missingRow(int features) {
    for (int f = 0; f < features; f++) {
      missing(f);
    }
    endRow();
  }

  /**
   * Ends a row; a call has as many rows as it ends. Values may be written row by row, each row
   * ended after its values, or several rows' values first and the rows ended after them (a tensor
   * read input by input), as long as each feature's values come in row order: a feature's value
   * belongs to the current row, or to the row after that feature's previous value.
   */
  void endRow();

  /**
   * A whole row of numeric features read from a {@code float[]}: feature {@code f} is {@code
   * row[columns[f]]}; ends the row. The same as {@link #numeric} per feature then {@link #endRow},
   * which a sink may do in one pass.
   */
  default void numericRow(float[] row, int[] columns) {
    for (int f = 0; f < columns.length; f++) {
      numeric(f, row[columns[f]]);
    }
    endRow();
  }
}
