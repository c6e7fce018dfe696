package dev.modelwatch.config;

import java.util.List;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The line of a YAML path ({@code models[0].intercept.class}) in a config's text, for problems
 * found after the config was read (checks against a class path). A path that goes further than the
 * text gets its deepest line found.
 */
final class ConfigLines {
  private final Node root;

  private ConfigLines(Node root) {
    this.root = root;
  }

  static ConfigLines of(String yaml) {
    try {
      return new ConfigLines(ConfigLoader.composeNode(yaml));
    } catch (YAMLException e) {
      return new ConfigLines(null); // the config was read from this text, so this does not happen
    }
  }

  /** 1-based line of the value at {@code path}; 0 when not even its first key is in the text. */
  int line(String path) {
    Node node = root;
    int line = 0;
    for (String segment : path.split("\\.")) {
      int bracket = segment.indexOf('[');
      String key = bracket < 0 ? segment : segment.substring(0, bracket);
      node = value(node, key);
      if (node == null) {
        return line;
      }
      line = ProblemList.line(node);
      while (bracket >= 0) {
        int close = segment.indexOf(']', bracket);
        int index = Integer.parseInt(segment.substring(bracket + 1, close));
        if (!(node instanceof SequenceNode) || index >= ((SequenceNode) node).getValue().size()) {
          return line;
        }
        node = ((SequenceNode) node).getValue().get(index);
        line = ProblemList.line(node);
        bracket = segment.indexOf('[', close);
      }
    }
    return line;
  }

  private static Node value(Node mapping, String key) {
    if (!(mapping instanceof MappingNode)) {
      return null;
    }
    List<NodeTuple> tuples = ((MappingNode) mapping).getValue();
    for (NodeTuple tuple : tuples) {
      if (tuple.getKeyNode() instanceof ScalarNode
          && key.equals(((ScalarNode) tuple.getKeyNode()).getValue())) {
        return tuple.getValueNode();
      }
    }
    return null;
  }
}
