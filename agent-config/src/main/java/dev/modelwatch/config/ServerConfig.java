package dev.modelwatch.config;

import java.time.Duration;

/** Where and how the agent serves {@code /metrics}. */
public final class ServerConfig {
  public static final int DEFAULT_PORT = 9464;
  public static final String DEFAULT_HOST = "0.0.0.0";

  /** How long a client may take to send a request's line and headers. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);

  /** How long the rest of an exchange may take once its head is in: the body, and the response. */
  public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);

  public static final ServerConfig DEFAULTS = new ServerConfig(DEFAULT_PORT, DEFAULT_HOST, true);

  private final int port;
  private final String host;
  private final boolean jvmMetrics;
  private final TlsConfig tls;
  private final AuthConfig auth;
  private final Duration headerTimeout;
  private final Duration bodyTimeout;
  private final boolean enabled;

  ServerConfig(int port, String host, boolean jvmMetrics) {
    this(port, host, jvmMetrics, null, null);
  }

  ServerConfig(int port, String host, boolean jvmMetrics, TlsConfig tls, AuthConfig auth) {
    this(port, host, jvmMetrics, tls, auth, DEFAULT_HEADER_TIMEOUT, DEFAULT_BODY_TIMEOUT);
  }

  ServerConfig(
      int port,
      String host,
      boolean jvmMetrics,
      TlsConfig tls,
      AuthConfig auth,
      Duration headerTimeout,
      Duration bodyTimeout) {
    this(port, host, jvmMetrics, tls, auth, headerTimeout, bodyTimeout, true);
  }

  private ServerConfig(
      int port,
      String host,
      boolean jvmMetrics,
      TlsConfig tls,
      AuthConfig auth,
      Duration headerTimeout,
      Duration bodyTimeout,
      boolean enabled) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be between 0 and 65535, found " + port);
    }
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    this.port = port;
    this.host = host;
    this.jvmMetrics = jvmMetrics;
    this.tls = tls;
    this.auth = auth;
    this.headerTimeout = headerTimeout;
    this.bodyTimeout = bodyTimeout;
    this.enabled = enabled;
  }

  /**
   * The same settings with no endpoint: {@code port: off} or {@code enabled: false}, for jobs that
   * only push.
   */
  ServerConfig disabled() {
    return new ServerConfig(port, host, jvmMetrics, tls, auth, headerTimeout, bodyTimeout, false);
  }

  /**
   * The same settings on another port and/or host (from the agent's command line); an endpoint that
   * was off stays off.
   */
  public ServerConfig withAddress(int newPort, String newHost) {
    return new ServerConfig(
        newPort, newHost, jvmMetrics, tls, auth, headerTimeout, bodyTimeout, enabled);
  }

  /**
   * The same settings with the endpoint on: a port given on the agent's command line turns it on.
   */
  public ServerConfig enabledAt(int newPort, String newHost) {
    return new ServerConfig(
        newPort, newHost, jvmMetrics, tls, auth, headerTimeout, bodyTimeout, true);
  }

  /**
   * False when the config turned the endpoint off: no port is opened, the metrics are only pushed.
   */
  public boolean enabled() {
    return enabled;
  }

  /** 0..65535; 0 means "pick a free port". */
  public int port() {
    return port;
  }

  /** Bind address: a host name, IPv4 or IPv6 literal (without brackets). */
  public String host() {
    return host;
  }

  /** Whether JVM and process metrics are exported beside the model metrics. */
  public boolean jvmMetrics() {
    return jvmMetrics;
  }

  /** HTTPS settings, or null for plain HTTP. */
  public TlsConfig tls() {
    return tls;
  }

  /** Basic authentication, or null when the endpoint is open. */
  public AuthConfig auth() {
    return auth;
  }

  /** A client that has not sent a request's line and headers within this is disconnected. */
  public Duration headerTimeout() {
    return headerTimeout;
  }

  /**
   * Once a request's head is in, the rest of the exchange (body, response) must end within this.
   */
  public Duration bodyTimeout() {
    return bodyTimeout;
  }

  @Override
  public String toString() {
    return "ServerConfig{"
        + (enabled ? "" : "enabled=false, ")
        + "port="
        + port
        + ", host="
        + host
        + ", jvmMetrics="
        + jvmMetrics
        + (tls == null ? "" : ", tls=" + tls)
        + (auth == null ? "" : ", auth=" + auth)
        + ", headerTimeout="
        + Durations.format(headerTimeout)
        + ", bodyTimeout="
        + Durations.format(bodyTimeout)
        + '}';
  }
}
