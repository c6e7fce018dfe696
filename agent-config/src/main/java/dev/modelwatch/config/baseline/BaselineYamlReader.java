package dev.modelwatch.config.baseline;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the maps and lists SnakeYAML loaded into a {@link BaselineProfile}, collecting every
 * structural problem (missing keys, wrong types, unknown keys) with its path instead of stopping at
 * the first. Semantic rules live with the distributions ({@code problems(path)}).
 */
final class BaselineYamlReader {

  private static final List<String> TOP_KEYS =
      Arrays.asList(
          "format", "model", "created_at", "source", "rows", "features", "outputs", "vocabularies");
  private static final List<String> NUMERIC_KEYS =
      Arrays.asList(
          "type", "count", "missing_share", "min", "max", "mean", "stddev", "edges", "shares");
  private static final List<String> CATEGORICAL_KEYS =
      Arrays.asList("type", "count", "missing_share", "categories", "embedding");
  private static final List<String> EMBEDDING_KEYS = Arrays.asList("mean", "centroids");

  private final List<String> problems = new ArrayList<>();

  List<String> problems() {
    return problems;
  }

  /** The profile, or null when the document is too broken to build one. */
  BaselineProfile read(Object root) {
    if (!(root instanceof Map)) {
      problems.add(
          "(document): expected a mapping that starts with `format: "
              + BaselineProfile.FORMAT_V1
              + "`, found "
              + describe(root));
      return null;
    }
    Map<?, ?> map = (Map<?, ?>) root;
    Object format = map.get("format");
    if (format == null) {
      problems.add(
          "format: missing; a baseline file starts with `format: "
              + BaselineProfile.FORMAT_V1
              + "`");
      return null;
    }
    if (!BaselineProfile.FORMAT_V1.equals(format)) {
      // other keys may mean something else in another version: do not guess
      problems.add(
          "format: unknown version '"
              + format
              + "'; this agent reads "
              + BaselineProfile.FORMAT_V1
              + " (regenerate the baseline with this agent's baseline"
              + " command, or use the agent version that wrote it)");
      return null;
    }
    unknownKeys("", map, TOP_KEYS);
    String model = string(map, "model", "model", true);
    BaselineProfile.Builder builder = BaselineProfile.builder(model == null ? "" : model);
    builder.createdAt(instant(map.get("created_at")));
    builder.source(string(map, "source", "source", false));
    Long rows = integer(map, "rows", "rows");
    builder.rows(rows == null ? 0 : rows);
    readSection(map, "features", builder);
    readSection(map, "outputs", builder);
    readVocabularies(map.get("vocabularies"), builder);
    return model == null ? null : builder.build();
  }

  private void readSection(Map<?, ?> root, String section, BaselineProfile.Builder builder) {
    Object value = root.get(section);
    if (value == null) {
      return;
    }
    if (!(value instanceof Map)) {
      problems.add(
          section
              + ": expected a mapping of column name to distribution, found "
              + describe(value));
      return;
    }
    boolean features = section.equals("features");
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
      String name = key(entry.getKey(), section);
      if (name == null) {
        continue;
      }
      String path = section + "." + name;
      if (!(entry.getValue() instanceof Map)) {
        problems.add(
            path
                + ": expected a mapping with `type: numeric` or `type: categorical`,"
                + " found "
                + describe(entry.getValue()));
        continue;
      }
      Map<?, ?> column = (Map<?, ?>) entry.getValue();
      String type = string(column, "type", path + ".type", true);
      if ("numeric".equals(type)) {
        NumericDistribution d = numeric(column, path);
        if (d != null) {
          if (features) {
            builder.numericFeature(name, d);
          } else {
            builder.numericOutput(name, d);
          }
        }
      } else if ("categorical".equals(type)) {
        CategoricalDistribution d = categorical(column, path);
        if (d != null) {
          if (features) {
            builder.categoricalFeature(name, d);
          } else {
            builder.categoricalOutput(name, d);
          }
        }
      } else if (type != null) {
        problems.add(path + ".type: must be numeric or categorical, found '" + type + "'");
      }
    }
  }

  private void readVocabularies(Object value, BaselineProfile.Builder builder) {
    if (value == null) {
      return;
    }
    if (!(value instanceof Map)) {
      problems.add(
          "vocabularies: expected a mapping of feature name to a list of words, found "
              + describe(value));
      return;
    }
    for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
      String name = key(entry.getKey(), "vocabularies");
      if (name == null) {
        continue;
      }
      if (!(entry.getValue() instanceof List)) {
        problems.add(
            "vocabularies."
                + name
                + ": expected a list of words, found "
                + describe(entry.getValue()));
        continue;
      }
      List<String> words = new ArrayList<>();
      for (Object word : (List<?>) entry.getValue()) {
        words.add(word == null ? "" : String.valueOf(word));
      }
      builder.vocabulary(name, words);
    }
  }

  private NumericDistribution numeric(Map<?, ?> column, String path) {
    unknownKeys(path + ".", column, NUMERIC_KEYS);
    int before = problems.size();
    Long count = integer(column, "count", path + ".count");
    Double missing =
        column.containsKey("missing_share")
            ? number(column.get("missing_share"), path + ".missing_share")
            : Double.valueOf(0);
    Double min = number(column, "min", path);
    Double max = number(column, "max", path);
    Double mean = number(column, "mean", path);
    Double stddev = number(column, "stddev", path);
    double[] edges = numbers(column, "edges", path);
    double[] shares = numbers(column, "shares", path);
    if (problems.size() > before) {
      return null;
    }
    return new NumericDistribution(edges, shares, min, max, mean, stddev, missing, count);
  }

  private CategoricalDistribution categorical(Map<?, ?> column, String path) {
    unknownKeys(path + ".", column, CATEGORICAL_KEYS);
    int before = problems.size();
    Long count = integer(column, "count", path + ".count");
    Double missing =
        column.containsKey("missing_share")
            ? number(column.get("missing_share"), path + ".missing_share")
            : Double.valueOf(0);
    Object categories = column.get("categories");
    Map<String, Double> shares = new LinkedHashMap<>();
    if (categories == null) {
      problems.add(path + ".categories: missing; list each category with its share");
    } else if (!(categories instanceof Map)) {
      problems.add(
          path
              + ".categories: expected a mapping of category to share, found "
              + describe(categories));
    } else {
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) categories).entrySet()) {
        String category = key(entry.getKey(), path + ".categories");
        if (category != null) {
          shares.put(category, number(entry.getValue(), path + ".categories." + category));
        }
      }
    }
    EmbeddingCentroids embedding =
        column.containsKey("embedding") ? embedding(column.get("embedding"), path) : null;
    if (problems.size() > before) {
      return null;
    }
    return new CategoricalDistribution(shares, missing, count, embedding);
  }

  private EmbeddingCentroids embedding(Object value, String path) {
    path = path + ".embedding";
    if (!(value instanceof Map)) {
      problems.add(path + ": expected a mapping with mean and centroids, found " + describe(value));
      return null;
    }
    Map<?, ?> map = (Map<?, ?>) value;
    unknownKeys(path + ".", map, EMBEDDING_KEYS);
    int before = problems.size();
    double[] mean = numbers(map, "mean", path);
    Object list = map.get("centroids");
    List<double[]> centroids = new ArrayList<>();
    if (!(list instanceof List)) {
      problems.add(
          path
              + ".centroids: expected a list of vectors, one per cluster, found "
              + describe(list));
    } else {
      List<?> items = (List<?>) list;
      for (int c = 0; c < items.size(); c++) {
        Map<String, Object> holder = new LinkedHashMap<>();
        holder.put("centroids[" + c + "]", items.get(c));
        centroids.add(numbers(holder, "centroids[" + c + "]", path));
      }
    }
    if (problems.size() > before) {
      return null;
    }
    return new EmbeddingCentroids(mean, centroids.toArray(new double[0][]));
  }

  /**
   * A mapping key as a string; booleans are rejected because YAML turned yes/no/on/off into them.
   */
  private String key(Object key, String path) {
    if (key instanceof String) {
      return (String) key;
    }
    if (key instanceof Number) {
      return key.toString();
    }
    problems.add(
        path
            + ": the name "
            + key
            + " was read as "
            + describe(key)
            + "; put it in double quotes (YAML reads unquoted yes/no/on/off/true/false/null as"
            + " booleans or null)");
    return null;
  }

  private Instant instant(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Date) {
      return ((Date) value).toInstant();
    }
    if (value instanceof String) {
      try {
        return Instant.parse((String) value);
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    problems.add(
        "created_at: expected an ISO-8601 UTC time such as \"2026-11-21T21:30:00Z\","
            + " found "
            + describe(value));
    return null;
  }

  private String string(Map<?, ?> map, String key, String path, boolean required) {
    Object value = map.get(key);
    if (value == null) {
      if (required) {
        problems.add(path + ": missing");
      }
      return null;
    }
    if (value instanceof String) {
      return (String) value;
    }
    if (value instanceof Number) {
      return value.toString();
    }
    problems.add(path + ": expected text, found " + describe(value));
    return null;
  }

  private Long integer(Map<?, ?> map, String key, String path) {
    Object value = map.get(key);
    if (value == null) {
      problems.add(path + ": missing");
      return null;
    }
    if (value instanceof Integer || value instanceof Long) {
      return ((Number) value).longValue();
    }
    problems.add(path + ": expected a whole number, found " + describe(value));
    return null;
  }

  private Double number(Map<?, ?> map, String key, String path) {
    if (!map.containsKey(key)) {
      problems.add(path + "." + key + ": missing");
      return null;
    }
    return number(map.get(key), path + "." + key);
  }

  private Double number(Object value, String path) {
    if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    problems.add(path + ": expected a number, found " + describe(value));
    return null;
  }

  private double[] numbers(Map<?, ?> map, String key, String path) {
    Object value = map.get(key);
    if (value == null) {
      problems.add(path + "." + key + ": missing");
      return null;
    }
    if (!(value instanceof List)) {
      problems.add(
          path
              + "."
              + key
              + ": expected a list of numbers such as [0.1, 0.9], found "
              + describe(value));
      return null;
    }
    List<?> list = (List<?>) value;
    double[] result = new double[list.size()];
    int before = problems.size();
    for (int i = 0; i < result.length; i++) {
      Double number = number(list.get(i), path + "." + key + "[" + i + "]");
      result[i] = number == null ? Double.NaN : number;
    }
    return problems.size() > before ? null : result;
  }

  private void unknownKeys(String prefix, Map<?, ?> map, List<String> known) {
    for (Object key : map.keySet()) {
      if (!known.contains(String.valueOf(key))) {
        problems.add(prefix + key + ": unknown key; expected one of " + String.join(", ", known));
      }
    }
  }

  private static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof Map) {
      return "a mapping";
    }
    if (value instanceof List) {
      return "a list";
    }
    if (value instanceof String) {
      return "'" + value + "'";
    }
    return value.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + " " + value;
  }
}
