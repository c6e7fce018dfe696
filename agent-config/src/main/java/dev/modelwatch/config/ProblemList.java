package dev.modelwatch.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Problems collected while walking one input; reported together, in document order. */
final class ProblemList {
  private final String source;
  private final List<ConfigProblem> problems = new ArrayList<>();
  private final List<Integer> columns = new ArrayList<>();

  ProblemList(String source) {
    this.source = source;
  }

  String source() {
    return source;
  }

  /**
   * A problem about a whole mapping or a missing key: sorts before anything else found on its line.
   */
  void add(int line, String path, String message) {
    add(line, 0, path, message);
  }

  void add(Node node, String path, String message) {
    add(
        line(node),
        node == null || node.getStartMark() == null ? 0 : node.getStartMark().getColumn() + 1,
        path,
        message);
  }

  private void add(int line, int column, String path, String message) {
    problems.add(new ConfigProblem(source, line, path, message));
    columns.add(column);
  }

  int size() {
    return problems.size();
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  /**
   * By line, then column; problems at the same place keep the order they were found in (the sort is
   * stable).
   */
  List<ConfigProblem> inDocumentOrder() {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < problems.size(); i++) {
      order.add(i);
    }
    order.sort(
        Comparator.<Integer>comparingInt(i -> problems.get(i).line())
            .thenComparingInt(columns::get));
    List<ConfigProblem> sorted = new ArrayList<>();
    for (int i : order) {
      sorted.add(problems.get(i));
    }
    return List.copyOf(sorted);
  }

  /** 1-based line of a node; 0 when there is no node. */
  static int line(Node node) {
    return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
  }
}
