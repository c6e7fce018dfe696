package dev.modelwatch.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Walks {@code push}: pushgateway, job, grouping, interval, timeout, auth and tls. */
final class PushReader {
  static final List<String> PUSH_KEYS =
      NodeReader.keys("pushgateway", "job", "grouping", "interval", "timeout", "auth", "tls");
  static final List<String> AUTH_KEYS =
      NodeReader.keys("username", "password_env", "password_file");
  static final List<String> TLS_KEYS =
      NodeReader.keys("truststore", "password", "password_env", "type");
  private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
  private static final Duration MIN_INTERVAL = Duration.ofMillis(100);
  private static final Duration MAX_INTERVAL = Duration.ofHours(1);
  private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

  private final ServerReader paths;

  PushReader(Path source) {
    this.paths = new ServerReader(source);
  }

  /** The push settings, or null when the section is absent or has problems (reported). */
  PushConfig read(MappingReader top) {
    MappingReader push = top.mapping("push", PUSH_KEYS);
    if (push == null) {
      return null;
    }
    URI gateway = push.require("pushgateway") ? gateway(push) : null;
    String job = push.has("job") ? push.string("job") : PushConfig.DEFAULT_JOB;
    Map<String, String> grouping = grouping(push);
    Duration interval =
        push.duration("interval", PushConfig.DEFAULT_INTERVAL, MIN_INTERVAL, MAX_INTERVAL);
    Duration timeout =
        push.duration("timeout", PushConfig.DEFAULT_TIMEOUT, MIN_INTERVAL, MAX_TIMEOUT);

    String username = null;
    String passwordEnv = null;
    Path passwordFile = null;
    boolean authValid = true;
    MappingReader auth = push.mapping("auth", AUTH_KEYS);
    if (auth != null) {
      username = auth.requiredString("username");
      if (username != null && username.indexOf(':') >= 0) {
        auth.problem(
            "username",
            "must not contain ':' (basic authentication separates user and password" + " with it)");
        username = null;
      }
      passwordEnv = ServerReader.envName(auth, "password_env");
      passwordFile = auth.has("password_file") ? paths.file(auth, "password_file") : null;
      if (auth.has("password_env") == auth.has("password_file")) {
        auth.problem(
            "give exactly one of password_env, password_file (the password itself stays out of the"
                + " config)");
        authValid = false;
      }
      authValid &= username != null && (passwordEnv != null || passwordFile != null);
    } else if (push.has("auth")) {
      authValid = false;
    }

    Path truststore = null;
    String truststorePassword = null;
    String truststorePasswordEnv = null;
    String truststoreType = null;
    boolean tlsValid = true;
    MappingReader tls = push.mapping("tls", TLS_KEYS);
    if (tls != null) {
      truststore = tls.require("truststore") ? paths.file(tls, "truststore") : null;
      truststorePassword =
          tls.has("password")
              ? tls.reader().string(tls.node("password"), tls.path("password"))
              : null;
      truststorePasswordEnv = ServerReader.envName(tls, "password_env");
      if (tls.has("password") && tls.has("password_env")) {
        tls.problem("give only one of password, password_env");
        tlsValid = false;
      }
      truststoreType = tls.choice("type", "truststore type", TlsConfig.TYPES, "PKCS12");
      tlsValid &= truststore != null && truststoreType != null;
      if (gateway != null && !"https".equals(gateway.getScheme())) {
        tls.problem("applies to an https:// pushgateway only; the pushgateway is " + gateway);
        tlsValid = false;
      }
    } else if (push.has("tls")) {
      tlsValid = false;
    }

    if (gateway == null
        || job == null
        || grouping == null
        || interval == null
        || timeout == null
        || !authValid
        || !tlsValid) {
      return null;
    }
    return new PushConfig(
        gateway,
        job,
        grouping,
        interval,
        timeout,
        username,
        passwordEnv,
        passwordFile,
        truststore,
        truststorePassword,
        truststorePasswordEnv,
        truststoreType);
  }

  private static URI gateway(MappingReader push) {
    String text = push.string("pushgateway");
    if (text == null) {
      return null;
    }
    String trimmed = text.trim();
    String problem;
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
        problem =
            "must be an http:// or https:// URL, for example http://pushgateway.monitoring:9091";
      } else if (uri.getHost() == null) {
        problem = "has no host; for example http://pushgateway.monitoring:9091";
      } else if (uri.getUserInfo() != null) {
        problem =
            "must not hold a user or password; give them under push.auth (password_env or password_file)";
      } else if (uri.getQuery() != null || uri.getFragment() != null) {
        problem = "must not have a query or fragment; give the gateway's base URL";
      } else {
        return uri;
      }
    } catch (URISyntaxException e) {
      problem = "is not a URL: " + e.getReason();
    }
    push.problem("pushgateway", "'" + trimmed + "' " + problem);
    return null;
  }

  /**
   * Extra grouping labels; never {@code job} (it has its own key) nor names Prometheus reserves.
   */
  private static Map<String, String> grouping(MappingReader push) {
    Map<String, String> grouping = new LinkedHashMap<>();
    if (!push.has("grouping")) {
      return grouping;
    }
    Node node = push.node("grouping");
    String path = push.path("grouping");
    NodeReader reader = push.reader();
    if (!(node instanceof MappingNode)) {
      reader.problem(
          node,
          path,
          "expected a mapping of label names to values, for example {app: nightly-scoring},"
              + " found "
              + NodeReader.describe(node));
      return null;
    }
    boolean valid = true;
    for (NodeTuple tuple : ((MappingNode) node).getValue()) {
      Node keyNode = tuple.getKeyNode();
      String name = keyNode instanceof ScalarNode ? ((ScalarNode) keyNode).getValue() : null;
      String keyPath = MappingReader.childPath(path, String.valueOf(name));
      if (name == null || !LABEL_NAME.matcher(name).matches() || name.startsWith("__")) {
        reader.problem(
            keyNode,
            keyPath,
            "'"
                + name
                + "' is not a label name (letters, digits and _, not"
                + " starting with a digit or __)");
        valid = false;
      } else if (name.equals("job")) {
        reader.problem(keyNode, keyPath, "give the job as push.job, not as a grouping label");
        valid = false;
      } else if (grouping.containsKey(name)) {
        reader.problem(keyNode, keyPath, "duplicate label '" + name + "'; keep only one");
        valid = false;
      } else {
        String value = reader.nonEmptyString(tuple.getValueNode(), keyPath);
        if (value == null) {
          valid = false;
        } else {
          grouping.put(name, value);
        }
      }
    }
    return valid ? grouping : null;
  }
}
