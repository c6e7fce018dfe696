package dev.modelwatch.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Dockerfile read into instructions (keyword, arguments, build stage), with line continuations
 * joined and comments dropped: enough to check what it copies and sets without a Docker engine.
 */
final class Dockerfile {
  /**
   * One instruction; {@code stage} is the name after {@code FROM ... AS}, or "" before the first
   * FROM.
   */
  static final class Instruction {
    final String keyword;
    final String arguments;
    final String stage;

    Instruction(String keyword, String arguments, String stage) {
      this.keyword = keyword;
      this.arguments = arguments;
      this.stage = stage;
    }

    @Override
    public String toString() {
      return (stage.isEmpty() ? "" : "[" + stage + "] ") + keyword + " " + arguments;
    }
  }

  final List<Instruction> instructions;

  private Dockerfile(List<Instruction> instructions) {
    this.instructions = instructions;
  }

  static Dockerfile read(Path file) {
    List<Instruction> instructions = new ArrayList<>();
    String stage = "";
    StringBuilder pending = new StringBuilder();
    for (String line : RepositoryFiles.read(file).split("\n", -1)) {
      String trimmed = line.trim();
      if (pending.length() == 0 && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
        continue;
      }
      if (trimmed.startsWith("#")) {
        continue; // a comment inside a continued instruction
      }
      if (trimmed.endsWith("\\")) {
        pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      pending.append(trimmed);
      String text = pending.toString().trim();
      pending.setLength(0);
      int space = text.indexOf(' ');
      String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
      String arguments = space < 0 ? "" : text.substring(space + 1).trim();
      if (keyword.equals("FROM")) {
        String[] words = arguments.split("\\s+");
        stage = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : "(unnamed)";
      }
      instructions.add(new Instruction(keyword, arguments, stage));
    }
    return new Dockerfile(instructions);
  }

  List<Instruction> in(String stage, String keyword) {
    List<Instruction> found = new ArrayList<>();
    for (Instruction instruction : instructions) {
      if (instruction.stage.equals(stage) && instruction.keyword.equals(keyword)) {
        found.add(instruction);
      }
    }
    return found;
  }

  /**
   * The stage names in order; the last one is what {@code docker build} builds without {@code
   * --target}.
   */
  List<String> stages() {
    List<String> stages = new ArrayList<>();
    for (Instruction instruction : instructions) {
      if (instruction.keyword.equals("FROM")) {
        stages.add(instruction.stage);
      }
    }
    return stages;
  }
}
