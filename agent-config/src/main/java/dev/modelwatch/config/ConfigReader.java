package dev.modelwatch.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Walks the composed YAML of a whole config: top-level keys, server, limits and the list of models.
 */
final class ConfigReader {
  static final List<String> TOP_KEYS =
      NodeReader.keys(
          "strict", "startup_check", "reload_interval", "server", "push", "limits", "models");
  static final List<String> LIMIT_KEYS =
      NodeReader.keys("categories", "classes", "exceptions", "features");

  private final NodeReader reader;
  private final Path source;
  private boolean strictRequested;
  private ServerConfig serverRead;
  private PushConfig pushRead;

  private final LibraryCatalog libraries;

  ConfigReader(ProblemList problems, Path source, LibraryCatalog libraries) {
    this.reader = new NodeReader(problems);
    this.source = source;
    this.libraries = libraries;
  }

  /** The config, or null when a problem was found (the problems are in the list). */
  AgentConfig read(Node root) {
    if (root == null) {
      reader
          .problems()
          .add(1, "models", "required: the config is empty; it needs at least a list of models");
      return null;
    }
    MappingReader top = reader.mapping(root, "", ProblemList.line(root), TOP_KEYS);
    if (top == null) {
      return null;
    }
    boolean strict = top.bool("strict", false);
    strictRequested = strict;
    Duration startupCheck = startupCheck(top);
    Duration reloadInterval = reloadInterval(top);
    ServerConfig server = server(top);
    serverRead = server;
    PushConfig push = new PushReader(source).read(top);
    pushRead = push;
    if (server != null && !server.enabled() && !top.has("push")) {
      // reported under push, so that the server section stays valid for the agent's own metrics
      reader
          .problems()
          .add(
              top.keyLine("server"),
              "push",
              "required: the server's endpoint is off, so without"
                  + " a push section nothing would export the metrics; add push: {pushgateway: http://HOST:9091}"
                  + " or give the server a port");
    }
    Limits limits = limits(top);
    List<ModelConfig> models = models(top);
    if (!reader.problems().isEmpty()) {
      return null;
    }
    return new AgentConfig(
        strict, startupCheck, reloadInterval, server, push, limits, models, source);
  }

  /**
   * Whether the document set {@code strict: true}, readable even when other problems were found.
   */
  boolean strictRequested() {
    return strictRequested;
  }

  /**
   * The server section as read, even when other sections have problems; null before it was read.
   */
  ServerConfig serverRead() {
    return serverRead;
  }

  /**
   * The push section as read (null when absent or invalid), even when other sections have problems.
   */
  PushConfig pushRead() {
    return pushRead;
  }

  private Duration startupCheck(MappingReader top) {
    if (!top.has("startup_check")) {
      return AgentConfig.DEFAULT_STARTUP_CHECK;
    }
    String text = reader.string(top.node("startup_check"), top.path("startup_check"));
    if (text == null) {
      return null;
    }
    try {
      Duration delay = Durations.parse(text);
      if (delay.isZero()) {
        top.problem("startup_check", "must be longer than 0s");
        return null;
      }
      return delay;
    } catch (IllegalArgumentException e) {
      top.problem("startup_check", e.getMessage());
      return null;
    }
  }

  /** A duration, or {@code off} / {@code 0s} for no reloading. */
  private Duration reloadInterval(MappingReader top) {
    if (!top.has("reload_interval")) {
      return AgentConfig.DEFAULT_RELOAD_INTERVAL;
    }
    String text = reader.string(top.node("reload_interval"), top.path("reload_interval"));
    if (text == null) {
      return null;
    }
    if (text.trim().equalsIgnoreCase("off")) {
      return Duration.ZERO;
    }
    try {
      Duration interval = Durations.parse(text);
      if (!interval.isZero() && interval.compareTo(AgentConfig.MIN_RELOAD_INTERVAL) < 0) {
        top.problem(
            "reload_interval",
            "must be at least "
                + Durations.format(AgentConfig.MIN_RELOAD_INTERVAL)
                + ", or off (or 0s) to read the files only at"
                + " start-up; found "
                + text);
        return null;
      }
      return interval;
    } catch (IllegalArgumentException e) {
      top.problem(
          "reload_interval",
          e.getMessage() + "; or off (or 0s) to read the files only at start-up");
      return null;
    }
  }

  private ServerConfig server(MappingReader top) {
    return new ServerReader(source).read(top);
  }

  private Limits limits(MappingReader top) {
    MappingReader limits = top.mapping("limits", LIMIT_KEYS);
    if (limits == null) {
      return Limits.DEFAULTS;
    }
    return new Limits(
        (int) limits.integer("categories", Limits.DEFAULT, 1, Limits.MAX),
        (int) limits.integer("classes", Limits.DEFAULT, 1, Limits.MAX),
        (int) limits.integer("exceptions", Limits.DEFAULT, 1, Limits.MAX),
        (int) limits.integer("features", Limits.DEFAULT_FEATURES, 1, Limits.MAX_FEATURES));
  }

  private List<ModelConfig> models(MappingReader top) {
    if (!top.require("models")) {
      return List.of();
    }
    List<Node> items = top.list("models", "[{name: ..., intercept: ...}]");
    if (items == null) {
      return List.of();
    }
    if (items.isEmpty()) {
      top.problem("models", "at least one model is required");
      return List.of();
    }
    ModelReader modelReader = new ModelReader(reader, source, libraries);
    List<ModelConfig> models = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      ModelConfig model = modelReader.read(items.get(i), "models[" + i + "]");
      if (model != null) {
        models.add(model);
      }
    }
    return models;
  }
}
