package dev.modelwatch.agent.onnxruntime;

import dev.modelwatch.agent.extract.ImageProfile;
import dev.modelwatch.agent.extract.ProfiledValues;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.InputProfile;
import java.nio.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Features of an {@code OrtSession.run} call, read from its input map: {@code input} names the
 * tensor (optional when the call has a single input), {@code index} the element within a row
 * (default: the feature's position in the config). The first dimension of an {@code [N, ...]}
 * tensor is the row count; a rank-1 tensor is one row. Elements are read in place.
 *
 * <p>Inputs listed in {@code summarize_inputs} are not read per element: each row is summarised by
 * the statistics of {@link InputSummary}, recorded as features named {@code <input>.<statistic>}
 * (see {@link SummaryFeatures}).
 *
 * <p>A profiled feature ({@code profile: text} or {@code image}) reads its input whole: a string
 * tensor of shape {@code [N]} or {@code [N, k]} gives one text per row (element {@code index} of
 * each row, default 0), copied out by ONNX Runtime's {@code getValue()}; a numeric {@code [N, C, H,
 * W]} or {@code [N, H, W, C]} tensor ({@code [C, H, W]} or {@code [H, W, C]}: one row) one image
 * per row, read in place.
 */
final class OnnxInputExtractor implements InputExtractor {
  /**
   * What to configure instead when an input is no tensor the agent reads; a message ends it with
   * what to remove.
   */
  private static final String BUILD_IT_INSTEAD =
      "intercept the method that builds the tensor from Java arrays (a plain intercept: class, method) instead,"
          + " or remove the";

  /**
   * The name of the only input, once seen: looking it up allocates nothing, where iterating the map
   * allocates a view and an iterator on every call. A plain field: a racing thread at worst
   * iterates once more (names are immutable strings).
   */
  private Object soleInput;

  private final String model;

  /** Distinct input names, null for "the call's only input". */
  private final String[] inputs;

  /** Per input: the features read from it. */
  private final int[][] featuresOf;

  /**
   * Per input: the feature of each summary statistic, or null when the input is read per element.
   */
  private final int[][] summaryOf;

  private final String[] names;
  private final int[] indexes;
  private final boolean[] categorical;

  /** Per input: the first feature of each profile read from it; empty when none. */
  private final int[][] profilesOf;

  private final InputProfile[] profiles;
  private final ProfiledValues profiled;

  OnnxInputExtractor(String model, List<? extends FeatureSpec> features, List<String> summarized) {
    this.model = model;
    int n = features.size();
    names = new String[n];
    indexes = new int[n];
    categorical = new boolean[n];
    profiles = new InputProfile[n];
    profiled = new ProfiledValues(features);
    List<List<Integer>> profileFirsts = new ArrayList<>();
    List<String> inputNames = new ArrayList<>();
    List<List<Integer>> perInput = new ArrayList<>();
    List<int[]> summaries = new ArrayList<>();
    for (int f = 0; f < n; f++) {
      FeatureSpec feature = features.get(f);
      names[f] = feature.name();
      profiles[f] = feature.profile();
      indexes[f] = feature.index() != null ? feature.index() : profiles[f] != null ? 0 : f;
      categorical[f] = feature.categorical();
      String input = feature.input();
      int slot = inputNames.indexOf(input);
      if (slot < 0) {
        slot = inputNames.size();
        inputNames.add(input);
        perInput.add(new ArrayList<>());
        profileFirsts.add(new ArrayList<>());
        summaries.add(input != null && summarized.contains(input) ? SummaryFeatures.none() : null);
      }
      if (profiles[f] != null) {
        if (profiles[f].statistic() == 0) {
          profileFirsts.get(slot).add(f);
        }
        continue;
      }
      perInput.get(slot).add(f);
      int statistic = SummaryFeatures.statisticOf(feature);
      if (summaries.get(slot) != null && statistic >= 0) {
        summaries.get(slot)[statistic] = f;
      }
    }
    inputs = inputNames.toArray(new String[0]);
    featuresOf = new int[inputs.length][];
    summaryOf = new int[inputs.length][];
    profilesOf = new int[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      featuresOf[i] = perInput.get(i).stream().mapToInt(Integer::intValue).toArray();
      profilesOf[i] = profileFirsts.get(i).stream().mapToInt(Integer::intValue).toArray();
      summaryOf[i] = summaries.get(i);
    }
  }

  @Override
  public void extract(Object input, FeatureSink sink) throws ExtractionException {
    if (!(input instanceof Map)) {
      throw new ExtractionException(
          "the input of OrtSession.run is a "
              + ExtractionException.describe(input)
              + ", not a Map of tensors; "
              + BUILD_IT_INSTEAD
              + " features: to record only calls and outputs");
    }
    Map<?, ?> tensors = (Map<?, ?>) input;
    long rows = inputs.length == 0 ? rowsOfAny(tensors) : -1;
    for (int i = 0; i < inputs.length; i++) {
      Object tensor = tensor(tensors, i);
      long[] shape = OrtValues.shape(tensor);
      int type = OrtValues.elementType(tensor);
      long inputRows = shape.length <= 1 ? 1 : shape[0];
      if (profilesOf[i].length > 0) {
        inputRows = profileRows(i, tensor, type, shape, sink);
        if (featuresOf[i].length == 0) {
          rows = checkRows(i, rows, inputRows);
          continue;
        }
      }
      int width = rowWidth(shape);
      if (rows >= 0 && inputRows != rows) {
        throw new ExtractionException(
            "input '"
                + describeInput(i)
                + "' has "
                + inputRows
                + " rows but another input has "
                + rows);
      }
      rows = inputRows;
      if (!OrtValues.numeric(type)) {
        throw new ExtractionException(
            "feature '"
                + firstName(i)
                + "' reads input '"
                + describeInput(i)
                + "', a "
                + OrtValues.typeName(type)
                + " tensor; only numeric tensors are read: "
                + BUILD_IT_INSTEAD
                + " features of this input to record only calls, rows and outputs");
      }
      Buffer elements = OrtValues.elements(tensor);
      if (summaryOf[i] != null) {
        InputSummary.record(elements, type, (int) inputRows, width, summaryOf[i], sink);
      } else {
        readElements(i, elements, type, (int) inputRows, width, shape, sink);
      }
    }
    for (long r = 0; r < rows; r++) {
      sink.endRow();
    }
  }

  private long checkRows(int i, long rows, long inputRows) throws ExtractionException {
    if (rows >= 0 && inputRows != rows) {
      throw new ExtractionException(
          "input '"
              + describeInput(i)
              + "' has "
              + inputRows
              + " rows but another input has "
              + rows);
    }
    return inputRows;
  }

  /** Writes the profiles read from input {@code i}; returns its rows. */
  private long profileRows(int i, Object tensor, int type, long[] shape, FeatureSink sink)
      throws ExtractionException {
    int first = profilesOf[i][0];
    if (profiles[first].kind() == InputProfile.Kind.TEXT) {
      if (type != OrtValues.STRING) {
        throw new ExtractionException(
            "feature '"
                + profiles[first].source()
                + "' has profile: text, but input '"
                + describeInput(i)
                + "' is a "
                + OrtValues.typeName(type)
                + " tensor, not a string tensor; point features[].input at the text input, or"
                + " remove profile");
      }
      Object value = OrtValues.value(tensor);
      Object[] texts = value instanceof Object[] ? (Object[]) value : new Object[] {value};
      for (int r = 0; r < texts.length; r++) {
        for (int f : profilesOf[i]) {
          Object text = texts[r];
          if (text instanceof Object[]) {
            Object[] row = (Object[]) text;
            text = indexes[f] < row.length ? row[indexes[f]] : null;
          }
          profiled.write(f, text, sink);
        }
      }
      return texts.length;
    }
    if (!OrtValues.numeric(type)) {
      throw new ExtractionException(
          "feature '"
              + profiles[first].source()
              + "' has profile: image, but input '"
              + describeInput(i)
              + "' is a "
              + OrtValues.typeName(type)
              + " tensor; an image profile reads numeric tensors");
    }
    Buffer elements = OrtValues.elements(tensor);
    String subject = "feature '" + profiles[first].source() + "'";
    int rows = shape.length >= 4 ? (int) shape[0] : 1;
    int d = shape.length;
    for (int f : profilesOf[i]) {
      int layout = ImageProfile.layoutOf(shape, profiles[f].layout(), subject);
      int channels = (int) (layout == ImageProfile.CHANNELS_FIRST ? shape[d - 3] : shape[d - 1]);
      int height = (int) (layout == ImageProfile.CHANNELS_FIRST ? shape[d - 2] : shape[d - 3]);
      int width = (int) (layout == ImageProfile.CHANNELS_FIRST ? shape[d - 1] : shape[d - 2]);
      int size = channels * height * width;
      ImageProfile.Samples<Buffer> samples = SAMPLES[type];
      for (int r = 0; r < rows; r++) {
        ImageProfile.record(
            elements,
            samples,
            r * size,
            channels,
            height,
            width,
            layout,
            f,
            profiles[f].channels(),
            sink);
      }
    }
    return rows;
  }

  /** A reader of each numeric element type, made once: reading an element allocates nothing. */
  @SuppressWarnings("unchecked")
  private static final ImageProfile.Samples<Buffer>[] SAMPLES = new ImageProfile.Samples[16];

  static {
    for (int t = 0; t < SAMPLES.length; t++) {
      int type = t;
      SAMPLES[t] = (buffer, index) -> OrtValues.at(buffer, type, index);
    }
  }

  /** Rows of a call when no feature is configured: the first dimension of its first tensor. */
  private static long rowsOfAny(Map<?, ?> tensors) throws ExtractionException {
    for (Object tensor : tensors.values()) {
      if (OrtValues.isTensor(tensor) && !OrtValues.isClosed(tensor)) {
        long[] shape = OrtValues.shape(tensor);
        return shape.length <= 1 ? 1 : shape[0];
      }
    }
    return 1;
  }

  private Object tensor(Map<?, ?> tensors, int i) throws ExtractionException {
    Object tensor;
    if (inputs[i] != null) {
      tensor = tensors.get(inputs[i]);
      if (tensor == null) {
        throw new ExtractionException(
            "feature '"
                + firstName(i)
                + "' reads input '"
                + inputs[i]
                + "', but the call's inputs are "
                + tensors.keySet()
                + "; check features[].input");
      }
    } else {
      if (tensors.size() != 1) {
        throw new ExtractionException(
            "feature '"
                + firstName(i)
                + "' names no input, but the call has "
                + tensors.size()
                + " inputs "
                + tensors.keySet()
                + "; set features[].input");
      }
      Object name = soleInput;
      tensor = name == null ? null : tensors.get(name);
      if (tensor == null) {
        Map.Entry<?, ?> entry = tensors.entrySet().iterator().next();
        soleInput = entry.getKey();
        tensor = entry.getValue();
      }
    }
    if (!OrtValues.isTensor(tensor)) {
      throw new ExtractionException(
          "input '"
              + describeInput(i)
              + "' (feature '"
              + firstName(i)
              + "') is a "
              + ExtractionException.describe(tensor)
              + ", not an ai.onnxruntime.OnnxTensor; "
              + BUILD_IT_INSTEAD
              + " features of this input to record only calls, rows and outputs");
    }
    if (OrtValues.isClosed(tensor)) {
      throw new ExtractionException("input '" + describeInput(i) + "' is a closed tensor");
    }
    return tensor;
  }

  private void readElements(
      int input, Buffer elements, int type, int rows, int width, long[] shape, FeatureSink sink)
      throws ExtractionException {
    int[] features = featuresOf[input];
    ExtractionException[] beyond = null;
    for (int i = 0; i < features.length; i++) {
      int f = features[i];
      if (indexes[f] >= width) {
        if (beyond == null) {
          beyond = new ExtractionException[features.length];
        }
        beyond[i] =
            new ExtractionException(
                "feature '"
                    + names[f]
                    + "' reads index "
                    + indexes[f]
                    + " of input '"
                    + describeInput(input)
                    + "', but its rows have "
                    + width
                    + " elements (shape "
                    + java.util.Arrays.toString(shape)
                    + "); the other features were recorded and this one counts as missing. Check"
                    + " features[].index");
      }
    }
    for (int r = 0; r < rows; r++) {
      int offset = r * width;
      for (int i = 0; i < features.length; i++) {
        int f = features[i];
        if (beyond != null && beyond[i] != null) {
          sink.unreadable(f, beyond[i]);
          continue;
        }
        double value = OrtValues.at(elements, type, offset + indexes[f]);
        if (categorical[f]) {
          sink.categoryCode(f, value);
        } else {
          sink.numeric(f, value);
        }
      }
    }
  }

  /** The configured name of the first feature read from input {@code i}, for messages. */
  private String firstName(int i) {
    return featuresOf[i].length > 0 ? names[featuresOf[i][0]] : profiles[profilesOf[i][0]].source();
  }

  private String describeInput(int i) {
    return inputs[i] == null ? "(the only input)" : inputs[i];
  }

  /** Elements per row: all but the first dimension of an {@code [N, ...]} tensor. */
  static int rowWidth(long[] shape) {
    if (shape.length == 0) {
      return 1;
    }
    if (shape.length == 1) {
      return (int) shape[0];
    }
    long n = 1;
    for (int d = 1; d < shape.length; d++) {
      n *= shape[d];
    }
    return (int) n;
  }

  @Override
  public String toString() {
    return "ONNX Runtime inputs of model '" + model + "'";
  }
}
