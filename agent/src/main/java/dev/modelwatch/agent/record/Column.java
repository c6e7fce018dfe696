package dev.modelwatch.agent.record;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One feature or output of a model as recorded, for everything that reads the recording (metrics,
 * drift, the page, estimates, coarse baselines): its name, its position, its kind and the counts
 * that record it. What a column holds follows from its kind, so readers switch on {@link #kind()}
 * instead of walking parallel arrays for nulls. The hot path keeps indexing its own arrays.
 */
public final class Column {
  /** What is recorded of a column. */
  public enum Kind {
    /** A numeric feature or a regression output: a histogram of its values ({@link #values()}). */
    NUMERIC,
    /** A categorical feature: counts per category ({@link #categories()}). */
    CATEGORICAL,
    /**
     * A classification output: counts per class ({@link #categories()}) and a histogram of the
     * confidence of the predicted class ({@link #values()}).
     */
    CLASSIFICATION
  }

  private final String name;
  private final boolean output;
  private final int index;
  private final Kind kind;
  private final NumericHistogram values;
  private final CategoryCounts categories;

  private Column(
      String name,
      boolean output,
      int index,
      Kind kind,
      NumericHistogram values,
      CategoryCounts categories) {
    this.name = name;
    this.output = output;
    this.index = index;
    this.kind = kind;
    this.values = values;
    this.categories = categories;
  }

  /** Feature {@code f} of the model's arrays: numeric or categorical, whichever is set. */
  static List<Column> features(NumericHistogram[] numeric, CategoryCounts[] categorical) {
    List<Column> columns = new ArrayList<>(numeric.length);
    for (int f = 0; f < numeric.length; f++) {
      columns.add(
          numeric[f] != null
              ? new Column(numeric[f].name(), false, f, Kind.NUMERIC, numeric[f], null)
              : new Column(
                  categorical[f].name(), false, f, Kind.CATEGORICAL, null, categorical[f]));
    }
    return Collections.unmodifiableList(columns);
  }

  /** Output {@code o}: a regression output's histogram, or a classification's classes. */
  static List<Column> outputs(NumericHistogram[] numeric, CategoryCounts[] classes) {
    List<Column> columns = new ArrayList<>(numeric.length);
    for (int o = 0; o < numeric.length; o++) {
      columns.add(
          classes[o] == null
              ? new Column(numeric[o].name(), true, o, Kind.NUMERIC, numeric[o], null)
              : new Column(
                  classes[o].name(), true, o, Kind.CLASSIFICATION, numeric[o], classes[o]));
    }
    return Collections.unmodifiableList(columns);
  }

  public String name() {
    return name;
  }

  /** True for an output, false for a feature. */
  public boolean output() {
    return output;
  }

  /** Its index among the model's features, or among its outputs. */
  public int index() {
    return index;
  }

  public Kind kind() {
    return kind;
  }

  /** The histogram of a numeric column's values or of a classification's confidence; else null. */
  public NumericHistogram values() {
    return values;
  }

  /** The counts of a categorical column's categories or a classification's classes; else null. */
  public CategoryCounts categories() {
    return categories;
  }

  /** Values missing, out of a model's summed cells. */
  public long missing(long[] cells) {
    return kind == Kind.NUMERIC ? values.missing(cells) : categories.missing(cells);
  }
}
