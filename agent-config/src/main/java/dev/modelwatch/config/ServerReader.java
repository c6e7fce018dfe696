package dev.modelwatch.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Walks {@code server}: port, host, jvm_metrics, tls, auth and the request timeouts. */
final class ServerReader {
  static final List<String> SERVER_KEYS =
      NodeReader.keys(
          "enabled",
          "port",
          "host",
          "jvm_metrics",
          "tls",
          "auth",
          "header_timeout",
          "body_timeout");
  static final List<String> TLS_KEYS =
      NodeReader.keys("keystore", "password", "password_env", "type");
  static final List<String> AUTH_KEYS =
      NodeReader.keys("username", "password_hash", "password_file", "password_env", "healthy_open");
  private static final List<String> PASSWORD_SOURCES =
      List.of("password_hash", "password_file", "password_env");
  private static final Duration MIN_TIMEOUT = Duration.ofMillis(100);
  private static final Duration MAX_TIMEOUT = Duration.ofHours(1);
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Path source;

  ServerReader(Path source) {
    this.source = source;
  }

  ServerConfig read(MappingReader top) {
    MappingReader server = top.mapping("server", SERVER_KEYS);
    if (server == null) {
      return ServerConfig.DEFAULTS;
    }
    boolean portOff = portOff(server);
    int port =
        portOff
            ? ServerConfig.DEFAULT_PORT
            : (int) server.integer("port", ServerConfig.DEFAULT_PORT, 0, 65535);
    boolean enabled = server.bool("enabled", true) && !portOff;
    String host = ServerConfig.DEFAULT_HOST;
    if (server.has("host")) {
      String text = server.reader().string(server.node("host"), server.path("host"));
      if (text != null) {
        String problem = Hosts.problem(Hosts.unbracket(text.trim()));
        if (problem != null) {
          server.problem("host", problem);
        } else {
          host = Hosts.unbracket(text.trim());
        }
      }
    }
    boolean jvmMetrics = server.bool("jvm_metrics", true);
    TlsConfig tls = tls(server.mapping("tls", TLS_KEYS));
    AuthConfig auth = auth(server.mapping("auth", AUTH_KEYS));
    Duration headerTimeout = timeout(server, "header_timeout", ServerConfig.DEFAULT_HEADER_TIMEOUT);
    Duration bodyTimeout = timeout(server, "body_timeout", ServerConfig.DEFAULT_BODY_TIMEOUT);
    ServerConfig read =
        new ServerConfig(port, host, jvmMetrics, tls, auth, headerTimeout, bodyTimeout);
    return enabled ? read : read.disabled();
  }

  /**
   * {@code port: off} (or {@code false}, which is what YAML makes of a bare {@code off}): no
   * endpoint.
   */
  private static boolean portOff(MappingReader server) {
    if (!server.has("port") || !(server.node("port") instanceof ScalarNode)) {
      return false;
    }
    String text = ((ScalarNode) server.node("port")).getValue().trim();
    return text.equalsIgnoreCase("off") || text.equalsIgnoreCase("false");
  }

  /** A request timeout: from 100ms (shorter would drop ordinary clients) to 1h. */
  private static Duration timeout(MappingReader server, String key, Duration defaultValue) {
    Duration timeout = server.duration(key, defaultValue, MIN_TIMEOUT, MAX_TIMEOUT);
    return timeout == null ? defaultValue : timeout;
  }

  private TlsConfig tls(MappingReader tls) {
    if (tls == null) {
      return null;
    }
    Path keystore = tls.require("keystore") ? file(tls, "keystore") : null;
    String password =
        tls.has("password")
            ? tls.reader().string(tls.node("password"), tls.path("password"))
            : null;
    String passwordEnv = envName(tls, "password_env");
    if (tls.has("password") && tls.has("password_env")) {
      tls.problem("give only one of password, password_env");
    } else if (!tls.has("password") && !tls.has("password_env")) {
      tls.problem("the keystore password is required: give password or password_env");
    }
    String type = tls.choice("type", "keystore type", TlsConfig.TYPES, "PKCS12");
    if (keystore == null || password == null && passwordEnv == null || type == null) {
      return null;
    }
    return new TlsConfig(keystore, password, passwordEnv, type);
  }

  private AuthConfig auth(MappingReader auth) {
    if (auth == null) {
      return null;
    }
    String username = auth.requiredString("username");
    if (username != null && username.indexOf(':') >= 0) {
      auth.problem(
          "username",
          "must not contain ':' (basic authentication separates user and password" + " with it)");
      username = null;
    }
    List<String> given = new ArrayList<>();
    for (String key : PASSWORD_SOURCES) {
      if (auth.has(key)) {
        given.add(key);
      }
    }
    if (given.isEmpty()) {
      auth.problem(
          "a password is required: give one of "
              + String.join(", ", PASSWORD_SOURCES)
              + " (make a hash with 'java -jar modelwatch-agent.jar hash-password')");
    } else if (given.size() > 1) {
      auth.problem(
          "give only one of "
              + String.join(", ", PASSWORD_SOURCES)
              + ", found "
              + String.join(", ", given));
    }
    PasswordHash hash = null;
    boolean hashValid = true;
    if (auth.has("password_hash")) {
      String text = auth.reader().string(auth.node("password_hash"), auth.path("password_hash"));
      hashValid = false;
      if (text != null) {
        try {
          hash = PasswordHash.parse(text.trim());
          hashValid = true;
        } catch (IllegalArgumentException e) {
          // Reported without the value: a mistyped hash may be a pasted password.
          auth.reader()
              .problems()
              .add(auth.keyLine("password_hash"), auth.path("password_hash"), e.getMessage());
        }
      }
    }
    Path passwordFile = auth.has("password_file") ? file(auth, "password_file") : null;
    String passwordEnv = envName(auth, "password_env");
    boolean healthyOpen = auth.bool("healthy_open", false);
    if (username == null
        || given.size() != 1
        || !hashValid
        || hash == null && passwordFile == null && passwordEnv == null) {
      return null;
    }
    return new AuthConfig(username, hash, passwordFile, passwordEnv, healthyOpen);
  }

  static String envName(MappingReader mapping, String key) {
    String name = mapping.string(key);
    if (name != null && !ENV_NAME.matcher(name).matches()) {
      mapping.problem(
          key,
          "'"
              + name
              + "' is not an environment variable name (letters, digits and _,"
              + " not starting with a digit)");
      return null;
    }
    return name;
  }

  /** A path; relative ones resolve against the directory of the config file. */
  Path file(MappingReader mapping, String key) {
    Node node = mapping.node(key);
    String text = mapping.reader().nonEmptyString(node, mapping.path(key));
    if (text == null) {
      return null;
    }
    try {
      return ConfigPaths.resolve(text, source);
    } catch (InvalidPathException e) {
      mapping.problem(key, "'" + text + "' is not a valid file path: " + e.getReason());
      return null;
    }
  }
}
