package dev.modelwatch.config.baseline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The training distribution of a model's features and outputs, as stored in a baseline file (see
 * {@link BaselineFile}). Numeric and categorical columns are kept in separate maps, each in file
 * order. Immutable; build one with {@link #builder(String)}.
 */
public final class BaselineProfile {

  /** The only format this version reads and writes; the first key of every baseline file. */
  public static final String FORMAT_V1 = "modelwatch-baseline/v1";

  private final String format;
  private final String model;
  private final Instant createdAt;
  private final String source;
  private final long rows;
  private final Map<String, NumericDistribution> numericFeatures;
  private final Map<String, CategoricalDistribution> categoricalFeatures;
  private final Map<String, NumericDistribution> numericOutputs;
  private final Map<String, CategoricalDistribution> categoricalOutputs;
  private final Map<String, List<String>> vocabularies;

  private BaselineProfile(Builder b) {
    this.format = b.format;
    this.model = b.model;
    this.createdAt = b.createdAt;
    this.source = b.source;
    this.rows = b.rows;
    this.numericFeatures = Collections.unmodifiableMap(new LinkedHashMap<>(b.numericFeatures));
    this.categoricalFeatures =
        Collections.unmodifiableMap(new LinkedHashMap<>(b.categoricalFeatures));
    this.numericOutputs = Collections.unmodifiableMap(new LinkedHashMap<>(b.numericOutputs));
    this.categoricalOutputs =
        Collections.unmodifiableMap(new LinkedHashMap<>(b.categoricalOutputs));
    this.vocabularies = Collections.unmodifiableMap(new LinkedHashMap<>(b.vocabularies));
  }

  public static Builder builder(String model) {
    return new Builder(model);
  }

  /** The file format, {@link #FORMAT_V1}. */
  public String format() {
    return format;
  }

  public String model() {
    return model;
  }

  /** When the baseline was computed; null if the file does not say. */
  public Instant createdAt() {
    return createdAt;
  }

  /** Where the training data came from (a file name, a description); null if not given. */
  public String source() {
    return source;
  }

  /** Number of training rows read. */
  public long rows() {
    return rows;
  }

  public Map<String, NumericDistribution> numericFeatures() {
    return numericFeatures;
  }

  public Map<String, CategoricalDistribution> categoricalFeatures() {
    return categoricalFeatures;
  }

  public Map<String, NumericDistribution> numericOutputs() {
    return numericOutputs;
  }

  public Map<String, CategoricalDistribution> categoricalOutputs() {
    return categoricalOutputs;
  }

  /**
   * Per text-profiled feature (by its configured name), the most frequent words of its training
   * text, most frequent first, in lower case: what its {@code oov_share} is measured against.
   */
  public Map<String, List<String>> vocabularies() {
    return vocabularies;
  }

  /** Every problem of this profile and its distributions, each with its path; empty if valid. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (!FORMAT_V1.equals(format)) {
      problems.add("format: unknown version '" + format + "'; this agent reads " + FORMAT_V1);
    }
    if (model == null || model.trim().isEmpty()) {
      problems.add("model: must name the model (the same name as in the agent config)");
    }
    if (rows < 0) {
      problems.add("rows: must be >= 0, found " + rows);
    }
    if (numericFeatures.isEmpty()
        && categoricalFeatures.isEmpty()
        && numericOutputs.isEmpty()
        && categoricalOutputs.isEmpty()) {
      problems.add("features: the baseline describes no feature and no output; list at least one");
    }
    check("features", numericFeatures, categoricalFeatures, problems);
    check("outputs", numericOutputs, categoricalOutputs, problems);
    vocabularies.forEach(
        (name, words) -> {
          for (int i = 0; i < words.size(); i++) {
            if (words.get(i) == null || words.get(i).isEmpty()) {
              problems.add("vocabularies." + name + "[" + i + "]: must be a word, found nothing");
            }
          }
        });
    return problems;
  }

  private static void check(
      String section,
      Map<String, NumericDistribution> numeric,
      Map<String, CategoricalDistribution> categorical,
      List<String> problems) {
    numeric.forEach((name, d) -> problems.addAll(d.problems(section + "." + name)));
    categorical.forEach(
        (name, d) -> {
          if (numeric.containsKey(name)) {
            problems.add(section + "." + name + ": is both numeric and categorical; keep one");
          }
          problems.addAll(d.problems(section + "." + name));
        });
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof BaselineProfile)) {
      return false;
    }
    BaselineProfile other = (BaselineProfile) o;
    return Objects.equals(format, other.format)
        && Objects.equals(model, other.model)
        && Objects.equals(createdAt, other.createdAt)
        && Objects.equals(source, other.source)
        && rows == other.rows
        && orderedEquals(numericFeatures, other.numericFeatures)
        && orderedEquals(categoricalFeatures, other.categoricalFeatures)
        && orderedEquals(numericOutputs, other.numericOutputs)
        && orderedEquals(categoricalOutputs, other.categoricalOutputs)
        && orderedEquals(vocabularies, other.vocabularies);
  }

  private static boolean orderedEquals(Map<String, ?> a, Map<String, ?> b) {
    return new ArrayList<>(a.entrySet()).equals(new ArrayList<>(b.entrySet()));
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        format,
        model,
        createdAt,
        source,
        rows,
        numericFeatures,
        categoricalFeatures,
        numericOutputs,
        categoricalOutputs,
        vocabularies);
  }

  @Override
  public String toString() {
    return "BaselineProfile{model="
        + model
        + ", createdAt="
        + createdAt
        + ", source="
        + source
        + ", rows="
        + rows
        + ", numericFeatures="
        + numericFeatures.keySet()
        + ", categoricalFeatures="
        + categoricalFeatures.keySet()
        + ", numericOutputs="
        + numericOutputs.keySet()
        + ", categoricalOutputs="
        + categoricalOutputs.keySet()
        + "}";
  }

  /** Collects the parts of a profile; columns keep the order in which they are added. */
  public static final class Builder {
    private String format = FORMAT_V1;
    private final String model;
    private Instant createdAt;
    private String source;
    private long rows;
    private final Map<String, NumericDistribution> numericFeatures = new LinkedHashMap<>();
    private final Map<String, CategoricalDistribution> categoricalFeatures = new LinkedHashMap<>();
    private final Map<String, NumericDistribution> numericOutputs = new LinkedHashMap<>();
    private final Map<String, CategoricalDistribution> categoricalOutputs = new LinkedHashMap<>();
    private final Map<String, List<String>> vocabularies = new LinkedHashMap<>();

    private Builder(String model) {
      this.model = model;
    }

    /** Only for readers that must keep what a file declared, so validation can report it. */
    Builder format(String format) {
      this.format = format;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder source(String source) {
      this.source = source;
      return this;
    }

    public Builder rows(long rows) {
      this.rows = rows;
      return this;
    }

    public Builder numericFeature(String name, NumericDistribution distribution) {
      numericFeatures.put(name, Objects.requireNonNull(distribution, name));
      return this;
    }

    public Builder categoricalFeature(String name, CategoricalDistribution distribution) {
      categoricalFeatures.put(name, Objects.requireNonNull(distribution, name));
      return this;
    }

    public Builder numericOutput(String name, NumericDistribution distribution) {
      numericOutputs.put(name, Objects.requireNonNull(distribution, name));
      return this;
    }

    public Builder categoricalOutput(String name, CategoricalDistribution distribution) {
      categoricalOutputs.put(name, Objects.requireNonNull(distribution, name));
      return this;
    }

    /** The vocabulary of text-profiled feature {@code name}, most frequent word first. */
    public Builder vocabulary(String name, List<String> words) {
      vocabularies.put(name, List.copyOf(words));
      return this;
    }

    public BaselineProfile build() {
      return new BaselineProfile(this);
    }
  }
}
