package dev.modelwatch.config;

import java.io.File;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code -javaagent:modelwatch-agent.jar=config=PATH,port=N,host=H} argument string (also given
 * to the attach command): comma-separated {@code key=value} pairs. The config path may instead come
 * from the environment variable {@code MODELWATCH_CONFIG}; port and host override the config file's
 * server settings.
 */
public final class AgentArguments {
  public static final String CONFIG_ENV = "MODELWATCH_CONFIG";
  static final String SOURCE = "agent arguments";
  static final List<String> KEYS = List.of("config", "port", "host", "extensions");
  private static final String FORM =
      "config=/path/to/modelwatch.yaml[,port=9464][,host=0.0.0.0][,extensions=/path/a.jar"
          + File.pathSeparator
          + "/path/b.jar]";

  private final Path configPath;
  private final Integer port;
  private final String host;
  private final List<Path> extensions;
  private final String raw;

  private AgentArguments(
      Path configPath, Integer port, String host, List<Path> extensions, String raw) {
    this.configPath = configPath;
    this.port = port;
    this.host = host;
    this.extensions = List.copyOf(extensions);
    this.raw = raw;
  }

  /**
   * @param args the text after {@code =} in {@code -javaagent:...jar=}; null or empty when none was
   *     given
   * @param env the process environment ({@link System#getenv()})
   * @throws ConfigException listing every problem: unknown or repeated keys, empty values, a bad
   *     port or host, no config path at all
   */
  public static AgentArguments parse(String args, Map<String, String> env) throws ConfigException {
    String raw = args == null ? "" : args;
    ProblemList problems = new ProblemList(SOURCE);
    Set<String> seen = new HashSet<>();
    String config = null;
    Integer port = null;
    String host = null;
    List<Path> extensions = new ArrayList<>();
    if (!raw.trim().isEmpty()) {
      for (String pair : raw.split(",", -1)) {
        String item = pair.trim();
        int equals = item.indexOf('=');
        if (equals < 0) {
          problems.add(
              0,
              item,
              item.isEmpty()
                  ? "empty entry (two commas in a row?); expected " + FORM
                  : "expected key=value, found '" + item + "'; expected " + FORM);
          continue;
        }
        String key = item.substring(0, equals).trim();
        String value = item.substring(equals + 1).trim();
        if (!KEYS.contains(key)) {
          String suggestion = Suggestions.closest(key, KEYS);
          problems.add(
              0,
              key,
              "unknown key '"
                  + key
                  + "'"
                  + (suggestion != null
                      ? "; did you mean '" + suggestion + "'?"
                      : "; expected one of " + String.join(", ", KEYS)));
          continue;
        }
        if (!seen.add(key)) {
          problems.add(0, key, "given more than once; keep only one");
          continue;
        }
        if (value.isEmpty()) {
          problems.add(0, key, "empty value; expected " + key + "=" + example(key));
          continue;
        }
        switch (key) {
          case "config":
            config = value;
            break;
          case "port":
            port = port(value, problems);
            break;
          case "extensions":
            extensions(value, extensions, problems);
            break;
          default:
            host = host(value, problems);
            break;
        }
      }
    }
    Path configPath = null;
    String configSource = config;
    if (configSource == null && !seen.contains("config")) {
      String fromEnv = env == null ? null : env.get(CONFIG_ENV);
      configSource = fromEnv == null || fromEnv.trim().isEmpty() ? null : fromEnv.trim();
      if (configSource == null) {
        problems.add(
            0,
            "config",
            "required: pass config=/path/to/modelwatch.yaml in the -javaagent"
                + " argument or set the environment variable "
                + CONFIG_ENV);
      }
    }
    if (configSource != null) {
      try {
        configPath = Path.of(configSource);
      } catch (InvalidPathException e) {
        problems.add(
            0, "config", "'" + configSource + "' is not a valid file path: " + e.getReason());
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(
          SOURCE + " '" + raw + "'",
          problems.inDocumentOrder(),
          "Expected: -javaagent:modelwatch-agent.jar=" + FORM);
    }
    return new AgentArguments(configPath, port, host, extensions, raw);
  }

  private static Integer port(String value, ProblemList problems) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(
        0,
        "port",
        "must be an integer between 0 and 65535 (0 picks a free port), found '" + value + "'");
    return null;
  }

  /**
   * Jar paths separated by the platform's path separator ({@code :}, or {@code ;} on Windows), as
   * on a class path.
   */
  private static void extensions(String value, List<Path> extensions, ProblemList problems) {
    for (String item : value.split(Pattern.quote(File.pathSeparator), -1)) {
      String text = item.trim();
      if (text.isEmpty()) {
        problems.add(
            0,
            "extensions",
            "empty path in '" + value + "'; separate jars with " + File.pathSeparator);
        continue;
      }
      try {
        extensions.add(Path.of(text));
      } catch (InvalidPathException e) {
        problems.add(0, "extensions", "'" + text + "' is not a valid file path: " + e.getReason());
      }
    }
  }

  private static String host(String value, ProblemList problems) {
    String host = Hosts.unbracket(value);
    String problem = Hosts.problem(host);
    if (problem != null) {
      problems.add(0, "host", problem);
      return null;
    }
    return host;
  }

  private static String example(String key) {
    switch (key) {
      case "config":
        return "/path/to/modelwatch.yaml";
      case "port":
        return "9464";
      case "extensions":
        return "/path/my-library.jar";
      default:
        return "0.0.0.0";
    }
  }

  /** From {@code config=}, else from {@code MODELWATCH_CONFIG}; never null. */
  public Path configPath() {
    return configPath;
  }

  /** Overrides the config's server port; null when not given. */
  public Integer port() {
    return port;
  }

  /** Overrides the config's bind address (IPv6 brackets removed); null when not given. */
  public String host() {
    return host;
  }

  /** Extension jars whose library supports are loaded beside the built-in ones; empty when none. */
  public List<Path> extensions() {
    return extensions;
  }

  /** The argument string as given ("" when none). */
  public String raw() {
    return raw;
  }

  @Override
  public String toString() {
    return "AgentArguments{config=" + configPath + ", port=" + port + ", host=" + host + '}';
  }
}
