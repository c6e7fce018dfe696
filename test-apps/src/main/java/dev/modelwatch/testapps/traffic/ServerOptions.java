package dev.modelwatch.testapps.traffic;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Command-line options of the model servers: {@code --name value} pairs. Every server knows {@code
 * --port N} (0 = a free port), {@code --host ADDRESS} (default 127.0.0.1; 0.0.0.0 in a container),
 * {@code --threads N} (HTTP worker threads) and {@code --model-dir DIR}; each server names the
 * others it accepts.
 */
public final class ServerOptions {

  private final String usage;
  private final Map<String, String> values = new LinkedHashMap<>();

  private ServerOptions(String usage) {
    this.usage = usage;
  }

  /**
   * @param known option names this program accepts besides --port, --threads, --model-dir
   */
  public static ServerOptions parse(String program, String[] args, String... known) {
    StringBuilder usage =
        new StringBuilder(program)
            .append(" [--port N] [--host ADDRESS] [--threads N] [--model-dir DIR]");
    for (String k : known) {
      usage.append(" [--").append(k).append(" VALUE]");
    }
    ServerOptions o = new ServerOptions(usage.toString());
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (!a.startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException(
            "expected '--option value' at '" + a + "'; usage: " + o.usage);
      }
      String key = a.substring(2);
      boolean ok =
          key.equals("port")
              || key.equals("host")
              || key.equals("threads")
              || key.equals("model-dir");
      for (String k : known) {
        ok |= k.equals(key);
      }
      if (!ok) {
        throw new IllegalArgumentException("unknown option '" + a + "'; usage: " + o.usage);
      }
      o.values.put(key, args[++i]);
    }
    return o;
  }

  public String get(String key, String fallback) {
    return values.getOrDefault(key, fallback);
  }

  public boolean has(String key) {
    return values.containsKey(key);
  }

  public int getInt(String key, int fallback) {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + key + " needs a whole number, got '" + v + "'; usage: " + usage);
    }
  }

  public int port() {
    return getInt("port", 8080);
  }

  public String host() {
    return get("host", "127.0.0.1");
  }

  public int threads() {
    return getInt("threads", 8);
  }

  /** Where trained models are read from or written to (default {@code ./models}). */
  public Path modelDir() {
    return Path.of(get("model-dir", "models"));
  }

  /** Offline defaults for the ML libraries, unless the launcher already chose. */
  public static void offlineDefaults() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
  }
}
