package dev.modelwatch.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/** Problems collected while walking one input; reported together, in document order. */
final class ProblemList {
    private final String source;
    private final List<ConfigProblem> problems = new ArrayList<>();

    ProblemList(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    void add(int line, String path, String message) {
        problems.add(new ConfigProblem(source, line, path, message));
    }

    void add(Node node, String path, String message) {
        add(line(node), path, message);
    }

    int size() {
        return problems.size();
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** By line; problems on the same line keep the order they were found in (the sort is stable). */
    List<ConfigProblem> inDocumentOrder() {
        List<ConfigProblem> sorted = new ArrayList<>(problems);
        sorted.sort(Comparator.comparingInt(ConfigProblem::line));
        return List.copyOf(sorted);
    }

    /** 1-based line of a node; 0 when there is no node. */
    static int line(Node node) {
        return node == null || node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }
}
