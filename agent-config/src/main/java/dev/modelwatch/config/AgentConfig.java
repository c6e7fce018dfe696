package dev.modelwatch.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The whole agent config, validated and with defaults filled in. Load it with {@link ConfigLoader}.
 */
public final class AgentConfig {
  /**
   * How long after start-up the agent waits before warning about intercepts that matched nothing.
   */
  public static final Duration DEFAULT_STARTUP_CHECK = Duration.ofSeconds(60);

  /** How often the agent checks whether the config or a baseline file it names has changed. */
  public static final Duration DEFAULT_RELOAD_INTERVAL = Duration.ofSeconds(2);

  /** Shorter checks would cost more than they save: files are hashed at every check. */
  public static final Duration MIN_RELOAD_INTERVAL = Duration.ofMillis(100);

  private final boolean strict;
  private final Duration startupCheck;
  private final Duration reloadInterval;
  private final ServerConfig server;
  private final PushConfig push;
  private final Limits limits;
  private final List<ModelConfig> models;
  private final Path source;

  AgentConfig(
      boolean strict,
      Duration startupCheck,
      Duration reloadInterval,
      ServerConfig server,
      PushConfig push,
      Limits limits,
      List<ModelConfig> models,
      Path source) {
    this.strict = strict;
    this.startupCheck = startupCheck;
    this.reloadInterval = reloadInterval;
    this.server = server;
    this.push = push;
    this.limits = limits;
    this.models = List.copyOf(models);
    this.source = source;
  }

  /** True: an invalid config stops the JVM; false: the application runs uninstrumented. */
  public boolean strict() {
    return strict;
  }

  /**
   * When to warn about configured intercepts that have instrumented nothing (a class that never
   * loaded).
   */
  public Duration startupCheck() {
    return startupCheck;
  }

  /**
   * How often the config file and the baseline files it names are checked for changes; {@link
   * Duration#ZERO} ({@code reload_interval: off} or {@code 0s}) means they are read once, at
   * start-up.
   */
  public Duration reloadInterval() {
    return reloadInterval;
  }

  public ServerConfig server() {
    return server;
  }

  /** Where the metrics are pushed, or null when they are only served ({@code push:} absent). */
  public PushConfig push() {
    return push;
  }

  public Limits limits() {
    return limits;
  }

  /** At least one model, names unique. */
  public List<ModelConfig> models() {
    return models;
  }

  /** The file this config was read from; null when parsed from a string without one. */
  public Path source() {
    return source;
  }

  /**
   * The same config with the port and/or host given on the agent's command line.
   *
   * @param port replaces the configured port unless null
   * @param host replaces the configured host unless null
   * @throws IllegalArgumentException when the port is outside 0..65535 or the host is empty
   */
  public AgentConfig withServerOverrides(Integer port, String host) {
    if (port == null && host == null) {
      return this;
    }
    int newPort = port == null ? server.port() : port;
    String newHost = host == null ? server.host() : Hosts.unbracket(host);
    ServerConfig overridden =
        port != null ? server.enabledAt(newPort, newHost) : server.withAddress(newPort, newHost);
    return new AgentConfig(
        strict, startupCheck, reloadInterval, overridden, push, limits, models, source);
  }

  @Override
  public String toString() {
    return "AgentConfig{source="
        + source
        + ", strict="
        + strict
        + ", reloadInterval="
        + reloadInterval
        + ", server="
        + server
        + (push == null ? "" : ", push=" + push)
        + ", limits="
        + limits
        + ", models="
        + models
        + '}';
  }
}
