package dev.modelwatch.agent.feedback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matched (prediction, label) pairs of the last window, in {@value #SLICES} time slices so that old
 * pairs leave without being stored one by one: per slice, sums of errors (regression) or per-class
 * counts (classification). A pair counts in the slice of the time it was matched (when its label
 * arrived). The window covers the current slice and the {@value #SLICES} - 1 before it. Owned by
 * one thread at a time (the caller synchronizes).
 */
final class EvaluationWindow {
  static final int SLICES = 12;
  static final String OTHER = "__other__";

  private final boolean classification;
  private final long sliceNanos;
  private final int classLimit;
  private final Map<String, Integer> classIndex = new HashMap<>();
  private final List<String> classNames = new ArrayList<>();
  private final Slice[] slices = new Slice[SLICES];

  EvaluationWindow(boolean classification, long windowNanos, int classLimit) {
    this.classification = classification;
    this.sliceNanos = Math.max(1, windowNanos / SLICES);
    this.classLimit = classLimit;
    for (int i = 0; i < SLICES; i++) {
      slices[i] = new Slice(classLimit + 1);
    }
  }

  boolean classification() {
    return classification;
  }

  void addRegression(double predicted, double actual, long now) {
    Slice slice = slice(now);
    double error = predicted - actual;
    slice.count++;
    slice.sumError += error;
    slice.sumAbsError += Math.abs(error);
    slice.sumSquaredError += error * error;
  }

  void addClassification(String predicted, String actual, long now) {
    Slice slice = slice(now);
    int p = classOf(predicted);
    int a = classOf(actual);
    slice.count++;
    slice.predicted[p]++;
    slice.actual[a]++;
    if (predicted.equals(actual)) {
      slice.correct++;
      slice.truePositives[p]++;
    }
  }

  /** Sums of the slices within the window at {@code now}. */
  Totals totals(long now) {
    long current = Math.floorDiv(now, sliceNanos);
    Totals totals = new Totals(classNames.size());
    for (Slice slice : slices) {
      if (slice.id > current - SLICES && slice.id <= current) {
        totals.add(slice);
      }
    }
    totals.classNames = List.copyOf(classNames);
    return totals;
  }

  private Slice slice(long now) {
    long id = Math.floorDiv(now, sliceNanos);
    Slice slice = slices[(int) Math.floorMod(id, (long) SLICES)];
    if (slice.id != id) {
      slice.reset(id);
    }
    return slice;
  }

  /** The class's index; classes beyond the limit share {@value #OTHER}. */
  private int classOf(String name) {
    Integer known = classIndex.get(name);
    if (known != null) {
      return known;
    }
    int index;
    if (classNames.size() < classLimit) {
      index = classNames.size();
      classNames.add(name);
    } else {
      Integer other = classIndex.get(OTHER);
      if (other != null) {
        return other;
      }
      index = classNames.size();
      classNames.add(OTHER);
      classIndex.put(OTHER, index);
      return index;
    }
    classIndex.put(name, index);
    return index;
  }

  private static final class Slice {
    long id = Long.MIN_VALUE;
    long count;
    double sumError;
    double sumAbsError;
    double sumSquaredError;
    long correct;
    final long[] predicted;
    final long[] actual;
    final long[] truePositives;

    Slice(int classes) {
      predicted = new long[classes];
      actual = new long[classes];
      truePositives = new long[classes];
    }

    void reset(long newId) {
      id = newId;
      count = 0;
      sumError = 0;
      sumAbsError = 0;
      sumSquaredError = 0;
      correct = 0;
      java.util.Arrays.fill(predicted, 0);
      java.util.Arrays.fill(actual, 0);
      java.util.Arrays.fill(truePositives, 0);
    }
  }

  /** The window's sums and the metrics derived from them. */
  static final class Totals {
    long count;
    double sumError;
    double sumAbsError;
    double sumSquaredError;
    long correct;
    final long[] predicted;
    final long[] actual;
    final long[] truePositives;
    List<String> classNames;

    Totals(int classes) {
      predicted = new long[classes];
      actual = new long[classes];
      truePositives = new long[classes];
    }

    void add(Slice slice) {
      count += slice.count;
      sumError += slice.sumError;
      sumAbsError += slice.sumAbsError;
      sumSquaredError += slice.sumSquaredError;
      correct += slice.correct;
      for (int c = 0; c < predicted.length; c++) {
        predicted[c] += slice.predicted[c];
        actual[c] += slice.actual[c];
        truePositives[c] += slice.truePositives[c];
      }
    }

    /**
     * Regression: mae, rmse, bias (mean of predicted minus actual: positive = predictions too
     * high).
     */
    Map<String, Double> regressionMetrics() {
      Map<String, Double> metrics = new LinkedHashMap<>();
      metrics.put("mae", sumAbsError / count);
      metrics.put("rmse", Math.sqrt(sumSquaredError / count));
      metrics.put("bias", sumError / count);
      return metrics;
    }

    double accuracy() {
      return (double) correct / count;
    }

    /** Precision of class c, or NaN when no prediction was c. */
    double precision(int c) {
      return predicted[c] == 0 ? Double.NaN : (double) truePositives[c] / predicted[c];
    }

    /** Recall of class c, or NaN when no label was c. */
    double recall(int c) {
      return actual[c] == 0 ? Double.NaN : (double) truePositives[c] / actual[c];
    }

    /**
     * F1 of class c = 2 TP / (predicted + actual), the harmonic mean of precision and recall (0
     * when TP = 0).
     */
    double f1(int c) {
      long denominator = predicted[c] + actual[c];
      return denominator == 0 ? Double.NaN : 2.0 * truePositives[c] / denominator;
    }
  }
}
