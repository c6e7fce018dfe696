package dev.modelwatch.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reads of composed YAML nodes. A node of the wrong type or form becomes a problem naming its
 * path, line and the expected form, and the read returns null so the walk can go on and find the
 * remaining problems.
 */
final class NodeReader {
  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9][0-9_]*");
  private static final Pattern DECIMAL =
      Pattern.compile("[-+]?(?:[0-9][0-9_]*(?:\\.[0-9_]*)?|\\.[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?");
  private static final Pattern NON_FINITE = Pattern.compile("[-+]?\\.(?:inf|Inf|INF|nan|NaN|NAN)");
  private static final int MAX_SHOWN = 60;

  private final ProblemList problems;

  NodeReader(ProblemList problems) {
    this.problems = problems;
  }

  ProblemList problems() {
    return problems;
  }

  void problem(Node node, String path, String message) {
    problems.add(node, path, message);
  }

  /** Absent, or present with an empty / {@code null} / {@code ~} value: both mean "not given". */
  static boolean isNull(Node node) {
    return node == null || node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
  }

  /**
   * How a value appears in messages: strings quoted, numbers and booleans as written, collections
   * by kind.
   */
  static String describe(Node node) {
    if (isNull(node)) {
      return "nothing";
    }
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    String value = ((ScalarNode) node).getValue();
    if (value.length() > MAX_SHOWN) {
      value = value.substring(0, MAX_SHOWN) + "...";
    }
    return Tag.STR.equals(node.getTag()) ? '"' + value + '"' : value;
  }

  String string(Node node, String path) {
    if (node instanceof ScalarNode && !isNull(node)) {
      return ((ScalarNode) node).getValue();
    }
    problem(node, path, "expected a string, found " + describe(node));
    return null;
  }

  /** A string that must not be empty or blank. */
  String nonEmptyString(Node node, String path) {
    String value = string(node, path);
    if (value != null && value.trim().isEmpty()) {
      problem(node, path, "must not be empty");
      return null;
    }
    return value;
  }

  /**
   * A whole number in [min, max]; digits may be grouped with underscores (10_000), quotes are
   * tolerated.
   */
  Long integer(Node node, String path, long min, long max) {
    String text = node instanceof ScalarNode ? ((ScalarNode) node).getValue().trim() : null;
    if (text == null || !INTEGER.matcher(text).matches()) {
      problem(node, path, "expected an integer, found " + describe(node));
      return null;
    }
    long value;
    try {
      value = Long.parseLong(text.replace("_", ""));
    } catch (NumberFormatException e) {
      problem(node, path, "must be " + range(min, max) + ", found " + text);
      return null;
    }
    if (value < min || value > max) {
      problem(node, path, "must be " + range(min, max) + ", found " + text);
      return null;
    }
    return value;
  }

  private static String range(long min, long max) {
    if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) {
      return "at least " + min;
    }
    return "between " + min + " and " + max;
  }

  /** A finite number. */
  Double number(Node node, String path) {
    String text = node instanceof ScalarNode ? ((ScalarNode) node).getValue().trim() : null;
    if (text != null && NON_FINITE.matcher(text).matches()) {
      problem(node, path, "expected a finite number, found " + text);
      return null;
    }
    if (text == null || !DECIMAL.matcher(text).matches()) {
      problem(node, path, "expected a number, found " + describe(node));
      return null;
    }
    double value = Double.parseDouble(text.replace("_", ""));
    if (Double.isInfinite(value)) {
      problem(node, path, "expected a finite number, found " + text);
      return null;
    }
    return value;
  }

  /** YAML 1.1 booleans: true/false, yes/no, on/off in any case. */
  Boolean bool(Node node, String path) {
    if (node instanceof ScalarNode) {
      switch (((ScalarNode) node).getValue().trim().toLowerCase(java.util.Locale.ROOT)) {
        case "true":
        case "yes":
        case "on":
          return Boolean.TRUE;
        case "false":
        case "no":
        case "off":
          return Boolean.FALSE;
        default:
          break;
      }
    }
    problem(node, path, "expected true or false, found " + describe(node));
    return null;
  }

  /** The elements of a list; null (and a problem) when the node is not a list. */
  List<Node> list(Node node, String path, String example) {
    if (node instanceof SequenceNode) {
      return ((SequenceNode) node).getValue();
    }
    problem(
        node,
        path,
        "expected a list"
            + (example == null ? "" : " like " + example)
            + ", found "
            + describe(node));
    return null;
  }

  /** One of a fixed set of words; an unknown word gets the list and the closest match. */
  String choice(Node node, String path, String what, List<String> allowed) {
    String value = string(node, path);
    if (value == null) {
      return null;
    }
    if (!allowed.contains(value)) {
      problem(
          node,
          path,
          "unknown "
              + what
              + " '"
              + value
              + "'; expected one of "
              + String.join(", ", allowed)
              + Suggestions.didYouMean(value, allowed));
      return null;
    }
    return value;
  }

  /**
   * The entries of a mapping, checked for duplicate and unknown keys; null (and a problem) when the
   * node is not a mapping.
   *
   * @param line where "required" problems of this mapping are reported (the line of its key, or of
   *     the list item)
   */
  MappingReader mapping(Node node, String path, int line, Collection<String> keys) {
    if (!(node instanceof MappingNode)) {
      problem(
          node,
          path,
          "expected a mapping of " + String.join(", ", keys) + ", found " + describe(node));
      return null;
    }
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple tuple : ((MappingNode) node).getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (!(keyNode instanceof ScalarNode) || isNull(keyNode)) {
        problem(keyNode, path, "keys must be plain names, found " + describe(keyNode));
        continue;
      }
      String key = ((ScalarNode) keyNode).getValue();
      String keyPath = MappingReader.childPath(path, key);
      NodeTuple first = entries.get(key);
      if (first != null) {
        problem(
            keyNode,
            keyPath,
            "duplicate key '"
                + key
                + "' (first given at line "
                + ProblemList.line(first.getKeyNode())
                + "); keep only one");
        continue;
      }
      if (!keys.contains(key)) {
        String suggestion = Suggestions.closest(key, keys);
        problem(
            keyNode,
            keyPath,
            "unknown key '"
                + key
                + "'"
                + (suggestion != null
                    ? "; did you mean '" + suggestion + "'?"
                    : "; expected one of " + String.join(", ", keys)));
        entries.put(key, tuple); // remembered only so that a repeated unknown key is also reported
        continue;
      }
      entries.put(key, tuple);
    }
    entries.keySet().retainAll(keys);
    return new MappingReader(this, path, line, entries);
  }

  static List<String> keys(String... keys) {
    return List.of(keys);
  }
}
