package dev.modelwatch.agent.extract;

import dev.modelwatch.config.EmbeddingConfig;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.InputExtractor;
import java.util.List;
import java.util.Map;

/**
 * Features of a plain method, read from its input argument: {@code float[]}/{@code double[]}/
 * {@code int[]}/{@code long[]} by index, {@code float[][]}/{@code double[][]} as one row per
 * element, {@code List} of numbers by index (or of arrays, as rows), {@code Map} by key, a single
 * number, or any object by getter/field path. Defaults: index = the feature's position in the
 * config, key and path = the feature's name. Arrays are read without allocating.
 *
 * <p>A profiled feature ({@code profile: text} or {@code image}, see {@link ProfiledValues}) with
 * no index, key or path reads the argument itself: a {@code String} (an image) is one row, a {@code
 * List} or array of them one row per element. With a locator it reads the element, entry or getter
 * it names, like any feature.
 *
 * <p>A model with an embedding ({@code kind: embedding}) reads each feature from the argument as an
 * object: an embedding's vector is the argument itself, or the value at its key or path, handed to
 * a {@link VectorSink} whole; other features are read by key or getter path.
 */
public final class ArgumentExtractor implements InputExtractor {
  private final String[] names;
  private final boolean[] categorical;
  private final int[] indexes;
  private final String[] keys;
  private final PropertyPath[] paths;
  private final int maxIndex;
  private final ProfiledValues profiles;

  /** No feature is categorical: {@code float[]} rows go to the sink whole. */
  private final boolean allNumeric;

  /** Per feature: the embedding whose norm column it is, else null. */
  private final EmbeddingConfig[] vectors;

  /** Per feature: the cluster column of an embedding, written with its norm column. */
  private final boolean[] clusterColumns;

  /** Per feature: an embedding's path (null for the argument itself or a key). */
  private final PropertyPath[] vectorPaths;

  private final boolean[] vectorKeyed;

  /** Per feature: the index of an embedding's cluster column, or -1. */
  private final int[] clusterOf;

  private final boolean hasVectors;

  public ArgumentExtractor(List<? extends FeatureSpec> features) {
    int n = features.size();
    names = new String[n];
    categorical = new boolean[n];
    indexes = new int[n];
    keys = new String[n];
    paths = new PropertyPath[n];
    int max = -1;
    for (int i = 0; i < n; i++) {
      FeatureSpec feature = features.get(i);
      names[i] = feature.name();
      categorical[i] = feature.categorical();
      indexes[i] = feature.index() != null ? feature.index() : i;
      // a profile's statistics are read from where its configured feature is
      String source = feature.profile() != null ? feature.profile().source() : feature.name();
      keys[i] = feature.key() != null ? feature.key() : source;
      paths[i] =
          new PropertyPath(
              feature.path() != null ? feature.path() : source,
              "feature '" + names[i] + "'",
              "features[].path");
      max = Math.max(max, indexes[i]);
    }
    maxIndex = max;
    profiles = new ProfiledValues(features);
    vectors = new EmbeddingConfig[n];
    clusterColumns = new boolean[n];
    vectorPaths = new PropertyPath[n];
    vectorKeyed = new boolean[n];
    clusterOf = new int[n];
    boolean anyVector = false;
    for (int i = 0; i < n; i++) {
      clusterOf[i] = -1;
      FeatureSpec feature = features.get(i);
      EmbeddingConfig embedding =
          feature instanceof FeatureConfig ? ((FeatureConfig) feature).embedding() : null;
      if (embedding == null) {
        continue;
      }
      anyVector = true;
      if (feature.categorical()) {
        clusterColumns[i] = true;
        continue;
      }
      vectors[i] = embedding;
      vectorKeyed[i] = feature.key() != null;
      vectorPaths[i] =
          feature.path() == null
              ? null
              : new PropertyPath(
                  feature.path(), "feature '" + embedding.name() + "'", "features[].path");
      for (int c = 0; c < n; c++) {
        if (features.get(c).name().equals(embedding.clusterColumn())) {
          clusterOf[i] = c;
        }
      }
    }
    hasVectors = anyVector;
    boolean numeric = !profiles.any();
    for (boolean c : categorical) {
      numeric &= !c;
    }
    allNumeric = numeric;
  }

  @Override
  public void extract(Object input, FeatureSink sink) throws ExtractionException {
    // the common case first, in a method small enough for the JIT to inline into the call's exit
    if (hasVectors) {
      withVectors(input, sink);
    } else if (input instanceof float[]) {
      floatRow((float[]) input, sink);
    } else {
      extractOther(input, sink);
    }
  }

  private void extractOther(Object input, FeatureSink sink) throws ExtractionException {
    if (profiles.anyWholeValue() && profiledRows(input, sink)) {
      return;
    }
    if (input instanceof double[]) {
      doubleRow((double[]) input, sink);
    } else if (input instanceof float[][]) {
      for (float[] row : (float[][]) input) {
        floatRow(row, sink);
      }
    } else if (input instanceof double[][]) {
      for (double[] row : (double[][]) input) {
        doubleRow(row, sink);
      }
    } else if (input instanceof int[]) {
      int[] row = (int[]) input;
      for (int f = 0; f < names.length; f++) {
        if (indexes[f] < row.length) {
          number(sink, f, row[indexes[f]]);
        } else {
          sink.unreadable(f, beyond(f, "an int[" + row.length + "]"));
        }
      }
      sink.endRow();
    } else if (input instanceof long[]) {
      long[] row = (long[]) input;
      for (int f = 0; f < names.length; f++) {
        if (indexes[f] < row.length) {
          number(sink, f, row[indexes[f]]);
        } else {
          sink.unreadable(f, beyond(f, "a long[" + row.length + "]"));
        }
      }
      sink.endRow();
    } else if (input instanceof List) {
      list((List<?>) input, sink);
    } else if (input instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) input;
      for (int f = 0; f < names.length; f++) {
        if (map.containsKey(keys[f])) {
          value(sink, f, map.get(keys[f]));
        } else {
          sink.missing(f);
        }
      }
      sink.endRow();
    } else if (input instanceof Number && names.length == 1) {
      number(sink, 0, ((Number) input).doubleValue());
      sink.endRow();
    } else if (input == null) {
      sink.missingRow(names.length);
    } else if (input.getClass().isArray()) {
      // float[][][], int[][], String[], Object[]: no index, key or getter reaches into them
      for (int f = 0; f < names.length; f++) {
        sink.unreadable(f, unsupported(f, input.getClass()));
      }
      sink.endRow();
    } else {
      objectRow(input, sink);
    }
  }

  /**
   * A profiled value as the whole input (one row), or a batch of them (a row each); false when the
   * input is neither.
   */
  private boolean profiledRows(Object input, FeatureSink sink) {
    if (ProfiledValues.isProfiled(input)) {
      objectRow(input, sink);
      return true;
    }
    if (input instanceof List) {
      List<?> list = (List<?>) input;
      if (list.isEmpty() || !ProfiledValues.isProfiled(first(list))) {
        return false;
      }
      for (int i = 0, n = list.size(); i < n; i++) {
        objectRow(list.get(i), sink);
      }
      return true;
    }
    if (input instanceof CharSequence[]) {
      for (CharSequence text : (CharSequence[]) input) {
        objectRow(text, sink);
      }
      return true;
    }
    return false;
  }

  /** The first element that is not null, or null. */
  private static Object first(List<?> list) {
    for (int i = 0, n = list.size(); i < n; i++) {
      Object element = list.get(i);
      if (element != null) {
        return element;
      }
    }
    return null;
  }

  /** One row read from an object: by getter path, or itself for a whole-value profile. */
  private void objectRow(Object input, FeatureSink sink) {
    if (input == null) {
      sink.missingRow(names.length);
      return;
    }
    for (int f = 0; f < names.length; f++) {
      if (profiles.follows(f)) {
        continue;
      }
      Object value;
      if (profiles.wholeValue(f) && ProfiledValues.isProfiled(input)) {
        value = input;
      } else {
        try {
          value = paths[f].read(input);
        } catch (ExtractionException e) {
          unreadable(sink, f, e);
          continue;
        }
      }
      value(sink, f, value);
    }
    sink.endRow();
  }

  private void unreadable(FeatureSink sink, int f, ExtractionException problem) {
    if (profiles.profiled(f)) {
      profiles.unreadable(f, problem, sink);
    } else {
      sink.unreadable(f, problem);
    }
  }

  /** One row of a model with an embedding: every feature read from the argument as an object. */
  private void withVectors(Object input, FeatureSink sink) {
    if (input == null) {
      sink.missingRow(names.length);
      return;
    }
    for (int f = 0; f < names.length; f++) {
      if (clusterColumns[f]) {
        continue; // written with its embedding's norm column
      }
      if (vectors[f] != null) {
        vector(input, f, sink);
        continue;
      }
      if (input instanceof Map) {
        Map<?, ?> map = (Map<?, ?>) input;
        if (map.containsKey(keys[f])) {
          value(sink, f, map.get(keys[f]));
        } else {
          sink.missing(f);
        }
        continue;
      }
      Object value;
      try {
        value = paths[f].read(input);
      } catch (ExtractionException e) {
        sink.unreadable(f, e);
        continue;
      }
      value(sink, f, value);
    }
    sink.endRow();
  }

  private void vector(Object input, int f, FeatureSink sink) {
    Object value = input;
    try {
      if (vectorKeyed[f]) {
        value = input instanceof Map ? ((Map<?, ?>) input).get(keys[f]) : null;
      } else if (vectorPaths[f] != null) {
        value = vectorPaths[f].read(input);
      }
    } catch (ExtractionException e) {
      vectorMissing(f, sink, e);
      return;
    }
    if ((value instanceof float[] || value instanceof double[]) && sink instanceof VectorSink) {
      ((VectorSink) sink).vector(f, value);
    } else if (value == null) {
      vectorMissing(f, sink, null);
    } else {
      vectorMissing(
          f,
          sink,
          new ExtractionException(
              "feature '"
                  + vectors[f].name()
                  + "' (kind: embedding) is read from a float[] or double[], but its value is a "
                  + ExtractionException.describe(value)
                  + "; point features[].path or key at the vector, or intercept the method that"
                  + " takes it"));
    }
  }

  /** An embedding's norm and cluster columns missing; {@code problem} null for an absent value. */
  private void vectorMissing(int f, FeatureSink sink, ExtractionException problem) {
    if (problem == null) {
      sink.missing(f);
    } else {
      sink.unreadable(f, problem);
    }
    if (clusterOf[f] >= 0) {
      sink.missing(clusterOf[f]);
    }
  }

  private void floatRow(float[] row, FeatureSink sink) {
    if (row == null) {
      sink.missingRow(names.length);
    } else if (row.length > maxIndex) {
      if (allNumeric) {
        sink.numericRow(row, indexes);
        return;
      }
      for (int f = 0; f < names.length; f++) {
        number(sink, f, row[indexes[f]]);
      }
      sink.endRow();
    } else {
      for (int f = 0; f < names.length; f++) {
        if (indexes[f] < row.length) {
          number(sink, f, row[indexes[f]]);
        } else {
          sink.unreadable(f, beyond(f, "a float[" + row.length + "]"));
        }
      }
      sink.endRow();
    }
  }

  private void doubleRow(double[] row, FeatureSink sink) {
    if (row == null) {
      sink.missingRow(names.length);
      return;
    }
    for (int f = 0; f < names.length; f++) {
      if (indexes[f] < row.length) {
        number(sink, f, row[indexes[f]]);
      } else {
        sink.unreadable(f, beyond(f, "a double[" + row.length + "]"));
      }
    }
    sink.endRow();
  }

  private void list(List<?> list, FeatureSink sink) throws ExtractionException {
    if (!list.isEmpty()
        && (list.get(0) instanceof float[]
            || list.get(0) instanceof double[]
            || list.get(0) instanceof List)) {
      for (Object row : list) {
        if (row instanceof List) {
          list((List<?>) row, sink);
        } else {
          extract(row, sink);
        }
      }
      return;
    }
    for (int f = 0; f < names.length; f++) {
      if (indexes[f] < list.size()) {
        value(sink, f, list.get(indexes[f]));
      } else {
        sink.unreadable(f, beyond(f, "a List of " + list.size() + " elements"));
      }
    }
    sink.endRow();
  }

  private ExtractionException unsupported(int feature, Class<?> type) {
    String name = ExtractionException.typeName(type);
    return new ExtractionException(
        "feature '"
            + names[feature]
            + "' cannot be read from the input, a "
            + name
            + ": the features of a plain"
            + " method are read from float[], double[], int[], long[], float[][], double[][], a List, a Map or an"
            + " object's getters; intercept the method that builds this "
            + name
            + " from such rows instead"
            + " (intercept.class and method), or remove features: from the model to record only calls, latency and outputs");
  }

  private ExtractionException beyond(int feature, String found) {
    return new ExtractionException(
        "feature '"
            + names[feature]
            + "' reads index "
            + indexes[feature]
            + " of the input, but the input is "
            + found
            + "; the row's other features were recorded and this one counts as missing. Check"
            + " features[].index in the config");
  }

  private void number(FeatureSink sink, int feature, double value) {
    if (profiles.profiled(feature)) {
      if (!profiles.follows(feature)) {
        profiles.unreadable(feature, profiles.wrongType(feature, value), sink);
      }
      return;
    }
    if (categorical[feature]) {
      sink.categoryCode(feature, value);
    } else {
      sink.numeric(feature, value);
    }
  }

  private void value(FeatureSink sink, int feature, Object value) {
    if (profiles.profiled(feature)) {
      if (!profiles.follows(feature)) {
        profiles.write(feature, value, sink);
      }
      return;
    }
    if (value == null) {
      sink.missing(feature);
    } else if (value instanceof Number) {
      number(sink, feature, ((Number) value).doubleValue());
    } else if (value instanceof Boolean) {
      number(sink, feature, ((Boolean) value) ? 1 : 0);
    } else if (categorical[feature] && !isContainer(value)) {
      sink.category(feature, value.toString());
    } else if (categorical[feature]) {
      // an array's toString is its identity ([F@1a2b), a collection's its elements: neither is a
      // category
      sink.unreadable(
          feature,
          new ExtractionException(
              "feature '"
                  + names[feature]
                  + "' is categorical, but its value is a "
                  + ExtractionException.describe(value)
                  + ", not one category; point features[].index, key or path at the element that holds the"
                  + " category (a String, enum, number or boolean)"));
    } else if (value instanceof CharSequence) {
      try {
        sink.numeric(feature, parse(feature, value.toString()));
      } catch (ExtractionException e) {
        sink.unreadable(feature, e);
      }
    } else {
      sink.unreadable(
          feature,
          new ExtractionException(
              "feature '"
                  + names[feature]
                  + "' is numeric, but its value is a "
                  + ExtractionException.describe(value)
                  + "; set kind: categorical or point index/key/path at a number"));
    }
  }

  private static boolean isContainer(Object value) {
    return value.getClass().isArray()
        || value instanceof java.util.Collection
        || value instanceof java.util.Map;
  }

  private double parse(int feature, String text) throws ExtractionException {
    String trimmed = text.trim();
    if (trimmed.isEmpty() || trimmed.equalsIgnoreCase("nan") || trimmed.equalsIgnoreCase("null")) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(trimmed);
    } catch (NumberFormatException e) {
      // The text itself is not shown: only aggregates may leave the process, never input values.
      throw new ExtractionException(
          "feature '"
              + names[feature]
              + "' is numeric, but its value is text that is not a number ("
              + trimmed.length()
              + " characters); set kind: categorical or point index/key/path at a number");
    }
  }
}
