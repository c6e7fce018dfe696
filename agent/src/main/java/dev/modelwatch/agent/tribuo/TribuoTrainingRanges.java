package dev.modelwatch.agent.tribuo;

import dev.modelwatch.extension.FeatureStatistics;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The training statistics a Tribuo model carries in its feature map ({@code getFeatureIDMap()}):
 * per feature, the count, min, max, mean and variance seen in training. A {@code RealInfo} has them
 * directly; a {@code CategoricalInfo} (few distinct values) through {@code generateRealInfo()}.
 * Tribuo's features are sparse: a zero is never observed, so these statistics cover the non-zero
 * values only; when a feature was seen in fewer examples than the model was trained on, zero
 * (absent) was a training value too, and the range includes it. Handed to the agent as {@link
 * FeatureStatistics} at a model's first call, so out-of-range counts and a coarse baseline work
 * without a baseline file.
 */
public final class TribuoTrainingRanges {
  private final String modelClass;
  private final Map<String, FeatureStats> features;

  private TribuoTrainingRanges(String modelClass, Map<String, FeatureStats> features) {
    this.modelClass = modelClass;
    this.features = Collections.unmodifiableMap(features);
  }

  /**
   * Reads the feature map of a Tribuo model instance (any class loader).
   *
   * @throws ReflectiveOperationException when {@code tribuoModel} has no readable feature map
   */
  public static TribuoTrainingRanges of(Object tribuoModel) throws ReflectiveOperationException {
    Object featureMap = call(tribuoModel, "getFeatureIDMap");
    if (!(featureMap instanceof Iterable)) {
      throw new NoSuchMethodException(
          tribuoModel.getClass().getName()
              + ".getFeatureIDMap() returned "
              + featureMap
              + ", not a feature map");
    }
    int examples = trainingExamples(tribuoModel);
    Map<String, FeatureStats> features = new TreeMap<>();
    for (Object info : (Iterable<?>) featureMap) {
      String name = (String) call(info, "getName");
      int count = ((Number) call(info, "getCount")).intValue();
      Object real = info;
      if (find(info.getClass(), "getMin") == null
          && find(info.getClass(), "generateRealInfo") != null) {
        real = call(info, "generateRealInfo");
      }
      if (find(real.getClass(), "getMin") == null) {
        features.put(
            name,
            new FeatureStats(
                count,
                examples,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                Double.NaN));
        continue;
      }
      double nonZeroMin = number(real, "getMin");
      double nonZeroMax = number(real, "getMax");
      double min = nonZeroMin;
      double max = nonZeroMax;
      if (count < examples) {
        min = Math.min(min, 0);
        max = Math.max(max, 0);
      }
      features.put(
          name,
          new FeatureStats(
              count,
              examples,
              min,
              max,
              number(real, "getMean"),
              number(real, "getVariance"),
              nonZeroMin,
              nonZeroMax));
    }
    return new TribuoTrainingRanges(tribuoModel.getClass().getName(), features);
  }

  /** The model's class, for messages. */
  public String modelClass() {
    return modelClass;
  }

  /** The model's features, sorted by name. */
  public Map<String, FeatureStats> features() {
    return features;
  }

  /** Null when the model has no feature of this name. */
  public FeatureStats stats(String feature) {
    return features.get(feature);
  }

  /** The statistics as the agent takes them, sorted by feature name. */
  public List<FeatureStatistics> statistics() {
    List<FeatureStatistics> list = new ArrayList<>();
    for (Map.Entry<String, FeatureStats> entry : features.entrySet()) {
      FeatureStats stats = entry.getValue();
      list.add(
          new FeatureStatistics(
              entry.getKey(),
              stats.min,
              stats.max,
              stats.mean,
              stats.variance,
              stats.nonZeroMin,
              stats.nonZeroMax,
              stats.count,
              stats.examples));
    }
    return list;
  }

  /** Training statistics of one feature; NaN where Tribuo has none. */
  public static final class FeatureStats {
    /** Training examples in which the feature was non-zero. */
    public final int count;

    /** Training examples of the model; -1 when its provenance does not say. */
    public final int examples;

    /** The training range, zero included when the feature was zero or absent in some example. */
    public final double min;

    public final double max;

    /** Mean and variance of the non-zero values, as Tribuo keeps them. */
    public final double mean;

    public final double variance;

    /** The range of the non-zero values, as Tribuo keeps it (no zero widening). */
    public final double nonZeroMin;

    public final double nonZeroMax;

    public FeatureStats(
        int count,
        int examples,
        double min,
        double max,
        double mean,
        double variance,
        double nonZeroMin,
        double nonZeroMax) {
      this.count = count;
      this.examples = examples;
      this.min = min;
      this.max = max;
      this.mean = mean;
      this.variance = variance;
      this.nonZeroMin = nonZeroMin;
      this.nonZeroMax = nonZeroMax;
    }
  }

  /** {@code getProvenance().getDatasetProvenance().getNumExamples()}, or -1. */
  private static int trainingExamples(Object tribuoModel) {
    try {
      Object dataset = call(call(tribuoModel, "getProvenance"), "getDatasetProvenance");
      return ((Number) call(dataset, "getNumExamples")).intValue();
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  private static double number(Object target, String method) throws ReflectiveOperationException {
    return ((Number) call(target, method)).doubleValue();
  }

  private static Method find(Class<?> type, String name) {
    try {
      return type.getMethod(name);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }

  /** Calls a public no-argument method; Tribuo's info classes may be non-public subclasses. */
  private static Object call(Object target, String name) throws ReflectiveOperationException {
    Method method = target.getClass().getMethod(name);
    try {
      return method.invoke(target);
    } catch (IllegalAccessException e) {
      method.setAccessible(true);
      return method.invoke(target);
    }
  }
}
