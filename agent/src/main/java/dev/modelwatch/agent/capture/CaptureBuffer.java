package dev.modelwatch.agent.capture;

import dev.modelwatch.agent.record.CategoryCounts;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.config.ModelConfig;
import java.util.Arrays;

/**
 * Collects the values of one sampled call as its extractors write them, on the prediction thread;
 * reused by one writer (the recording sink of a thread), so only the finished call is allocated.
 * Values are kept as the agent records them: a numeric feature as a number (text parsed, or NaN), a
 * categorical feature as text (a code as its label). Output {@code o} of row {@code r} is the
 * {@code r}-th value written for {@code o}; a feature's value goes to the current row, or, when the
 * extractor writes several rows before ending them, to the row after that feature's last value.
 */
public final class CaptureBuffer {
  private ModelCapture capture;
  private ModelConfig model;
  private int features;
  private int width;
  private boolean[] categorical = new boolean[0];
  private int[] outputRows = new int[0];
  private int[] featureRows = new int[0];
  private double[] numbers = new double[0];
  private String[] texts = new String[0];
  private int row;
  private int rowsTouched;

  /** Begins a call of {@code model} for {@code capture}. */
  public void start(ModelCapture capture, ModelConfig model) {
    this.capture = capture;
    this.model = model;
    this.features = model.features().size();
    int outputs = model.outputs().size();
    this.width = features + outputs;
    if (categorical.length < features) {
      categorical = new boolean[features];
    }
    for (int f = 0; f < features; f++) {
      categorical[f] = model.features().get(f).kind() == FeatureConfig.Kind.CATEGORICAL;
    }
    if (featureRows.length < features) {
      featureRows = new int[features];
    } else {
      Arrays.fill(featureRows, 0);
    }
    if (outputRows.length < outputs) {
      outputRows = new int[outputs];
    } else {
      Arrays.fill(outputRows, 0);
    }
    row = 0;
    rowsTouched = 0;
  }

  public void numeric(int feature, double value) {
    if (feature < 0 || feature >= features) {
      return;
    }
    int slot = featureSlot(feature);
    if (categorical[feature]) {
      texts[slot] = value != value ? null : CategoryCounts.label(value);
    } else {
      numbers[slot] = value;
    }
  }

  public void category(int feature, String value) {
    if (feature < 0 || feature >= features) {
      return;
    }
    int slot = featureSlot(feature);
    if (categorical[feature]) {
      texts[slot] = value;
    } else {
      numbers[slot] = parseOrNaN(value);
    }
  }

  public void missing(int feature) {
    if (feature < 0 || feature >= features) {
      return;
    }
    int slot = featureSlot(feature);
    numbers[slot] = Double.NaN;
    texts[slot] = null;
  }

  public void endRow() {
    row++;
  }

  public void value(int output, double value) {
    if (output < 0 || output >= width - features) {
      return;
    }
    // the slot first: finding it may grow the arrays, which an indexed assignment would have read
    int slot = slot(outputRows[output]++, features + output);
    numbers[slot] = value;
  }

  public void predictedClass(int output, String label) {
    if (output < 0 || output >= width - features) {
      return;
    }
    int slot = slot(outputRows[output]++, features + output);
    texts[slot] = label;
  }

  /**
   * The call as written so far, copied; at least one row (a call with neither features nor outputs
   * still says when it happened).
   */
  public CapturedCall finish(long epochMillis, String predictionId) {
    int rows = Math.max(1, rowsTouched);
    ensureRows(rows);
    int used = rows * width;
    CapturedCall call =
        new CapturedCall(
            capture,
            model,
            epochMillis,
            predictionId,
            rows,
            Arrays.copyOf(numbers, used),
            Arrays.copyOf(texts, used));
    capture = null;
    model = null;
    return call;
  }

  /**
   * Where the next value of {@code feature} goes: the current row, or the row after the feature's
   * last value when the extractor writes several rows' values before ending them (ONNX Runtime
   * tensors are read input by input, every row of one input, and the rows ended at the end).
   */
  private int featureSlot(int feature) {
    int at = Math.max(row, featureRows[feature]);
    featureRows[feature] = at + 1;
    return slot(at, feature);
  }

  private int slot(int atRow, int column) {
    if (atRow >= rowsTouched) {
      ensureRows(atRow + 1);
    }
    return atRow * width + column;
  }

  /** Rows up to {@code rows} exist, new ones all missing. */
  private void ensureRows(int rows) {
    int needed = rows * width;
    if (needed > numbers.length) {
      int size = Math.max(needed, Math.max(64, numbers.length * 2));
      numbers = Arrays.copyOf(numbers, size);
      texts = Arrays.copyOf(texts, size);
    }
    if (rows > rowsTouched) {
      Arrays.fill(numbers, rowsTouched * width, needed, Double.NaN);
      Arrays.fill(texts, rowsTouched * width, needed, null);
      rowsTouched = rows;
    }
  }

  private static double parseOrNaN(String value) {
    if (value == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
