package dev.modelwatch.config;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Reads the keys of one YAML mapping by name, with defaults for absent keys and problems for bad
 * values.
 */
final class MappingReader {
  private final NodeReader reader;
  private final String path;
  private final int line;
  private final Map<String, NodeTuple> entries;

  MappingReader(NodeReader reader, String path, int line, Map<String, NodeTuple> entries) {
    this.reader = reader;
    this.path = path;
    this.line = line;
    this.entries = entries;
  }

  static String childPath(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  NodeReader reader() {
    return reader;
  }

  String path() {
    return path;
  }

  /**
   * Line of this mapping's key (or list item), where problems about the mapping as a whole are
   * reported.
   */
  int line() {
    return line;
  }

  String path(String key) {
    return childPath(path, key);
  }

  /** Present with a non-null value. */
  boolean has(String key) {
    return !NodeReader.isNull(node(key));
  }

  /** The value node, or null when absent. */
  Node node(String key) {
    NodeTuple tuple = entries.get(key);
    return tuple == null ? null : tuple.getValueNode();
  }

  /** Line of the key itself (0 when absent). */
  int keyLine(String key) {
    NodeTuple tuple = entries.get(key);
    return tuple == null ? line : ProblemList.line(tuple.getKeyNode());
  }

  /** A problem about one key's value, reported at that value. */
  void problem(String key, String message) {
    Node node = node(key);
    if (node == null) {
      reader.problems().add(line, path(key), message);
    } else {
      reader.problem(node, path(key), message);
    }
  }

  /** A problem about the mapping as a whole. */
  void problem(String message) {
    reader.problems().add(line, path, message);
  }

  /** Reports the key as required when absent; returns whether it is present. */
  boolean require(String key) {
    if (has(key)) {
      return true;
    }
    reader.problems().add(line, path(key), "required");
    return false;
  }

  String string(String key) {
    return has(key) ? reader.nonEmptyString(node(key), path(key)) : null;
  }

  String requiredString(String key) {
    return require(key) ? reader.nonEmptyString(node(key), path(key)) : null;
  }

  long integer(String key, long defaultValue, long min, long max) {
    if (!has(key)) {
      return defaultValue;
    }
    Long value = reader.integer(node(key), path(key), min, max);
    return value == null ? defaultValue : value;
  }

  /** Null when absent (or invalid). */
  Integer optionalInteger(String key, int min, int max) {
    if (!has(key)) {
      return null;
    }
    Long value = reader.integer(node(key), path(key), min, max);
    return value == null ? null : value.intValue();
  }

  /** Null when absent (or invalid). */
  Double number(String key) {
    return has(key) ? reader.number(node(key), path(key)) : null;
  }

  boolean bool(String key, boolean defaultValue) {
    if (!has(key)) {
      return defaultValue;
    }
    Boolean value = reader.bool(node(key), path(key));
    return value == null ? defaultValue : value;
  }

  /**
   * A duration between {@code min} and {@code max}: {@code defaultValue} when absent, null (and a
   * problem) when it is not a duration or out of bounds.
   */
  Duration duration(String key, Duration defaultValue, Duration min, Duration max) {
    if (!has(key)) {
      return defaultValue;
    }
    String text = reader.string(node(key), path(key));
    if (text == null) {
      return null;
    }
    try {
      Duration duration = Durations.parse(text);
      if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
        problem(
            key,
            "must be between "
                + Durations.format(min)
                + " and "
                + Durations.format(max)
                + ", found "
                + text.trim());
        return null;
      }
      return duration;
    } catch (IllegalArgumentException e) {
      problem(key, e.getMessage());
      return null;
    }
  }

  /** The elements, or null when absent (or not a list). */
  List<Node> list(String key, String example) {
    return has(key) ? reader.list(node(key), path(key), example) : null;
  }

  /** The value, the default when absent, or null when not one of the allowed words. */
  String choice(String key, String what, List<String> allowed, String defaultValue) {
    return has(key) ? reader.choice(node(key), path(key), what, allowed) : defaultValue;
  }

  /** The nested mapping, or null when absent (or not a mapping). */
  MappingReader mapping(String key, Collection<String> keys) {
    return has(key) ? reader.mapping(node(key), path(key), keyLine(key), keys) : null;
  }
}
