package dev.modelwatch.agent;

import dev.modelwatch.config.AuthConfig;
import dev.modelwatch.config.ServerConfig;
import dev.modelwatch.config.TlsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which {@code server} settings a reloaded config changes. The endpoint (port, host, TLS,
 * authentication) and the JVM metrics are set up once, so such changes take effect only at the next
 * start; the reload says so instead of pretending.
 */
final class ServerSettingsChange {
  private ServerSettingsChange() {}

  /** The changed keys, e.g. {@code [server.port, server.auth]}; empty when none changed. */
  static List<String> between(ServerConfig running, ServerConfig next) {
    List<String> changed = new ArrayList<>();
    if (running.enabled() != next.enabled()) {
      changed.add("server.enabled");
    }
    if (running.port() != next.port()) {
      changed.add("server.port");
    }
    if (!running.host().equals(next.host())) {
      changed.add("server.host");
    }
    if (running.jvmMetrics() != next.jvmMetrics()) {
      changed.add("server.jvm_metrics");
    }
    if (!sameTls(running.tls(), next.tls())) {
      changed.add("server.tls");
    }
    if (!sameAuth(running.auth(), next.auth())) {
      changed.add("server.auth");
    }
    return changed;
  }

  private static boolean sameTls(TlsConfig a, TlsConfig b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.keystore().equals(b.keystore())
        && Objects.equals(a.password(), b.password())
        && Objects.equals(a.passwordEnv(), b.passwordEnv())
        && a.type().equals(b.type());
  }

  private static boolean sameAuth(AuthConfig a, AuthConfig b) {
    if (a == null || b == null) {
      return a == b;
    }
    return a.username().equals(b.username())
        && Objects.equals(
            a.passwordHash() == null ? null : a.passwordHash().text(),
            b.passwordHash() == null ? null : b.passwordHash().text())
        && Objects.equals(a.passwordFile(), b.passwordFile())
        && Objects.equals(a.passwordEnv(), b.passwordEnv())
        && a.healthyOpen() == b.healthyOpen();
  }
}
