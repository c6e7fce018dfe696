package dev.modelwatch.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * {@code push}: the agent pushes its registry to a Prometheus Pushgateway on an interval and once
 * more when the JVM exits, for batch jobs and short-lived executors that no Prometheus scrapes in
 * time.
 */
public final class PushConfig {
  public static final String DEFAULT_JOB = "modelwatch";
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);

  /** Bounds each push (connect and read) and how long the JVM's exit waits for the last one. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private final URI gateway;
  private final String job;
  private final Map<String, String> grouping;
  private final Duration interval;
  private final Duration timeout;
  private final String username;
  private final String passwordEnv;
  private final Path passwordFile;
  private final Path truststore;
  private final String truststorePassword;
  private final String truststorePasswordEnv;
  private final String truststoreType;

  PushConfig(
      URI gateway,
      String job,
      Map<String, String> grouping,
      Duration interval,
      Duration timeout,
      String username,
      String passwordEnv,
      Path passwordFile,
      Path truststore,
      String truststorePassword,
      String truststorePasswordEnv,
      String truststoreType) {
    this.gateway = Objects.requireNonNull(gateway, "gateway");
    this.job = Objects.requireNonNull(job, "job");
    this.grouping = Collections.unmodifiableMap(new LinkedHashMap<>(grouping));
    this.interval = Objects.requireNonNull(interval, "interval");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.username = username;
    this.passwordEnv = passwordEnv;
    this.passwordFile = passwordFile;
    this.truststore = truststore;
    this.truststorePassword = truststorePassword;
    this.truststorePasswordEnv = truststorePasswordEnv;
    this.truststoreType = truststoreType;
  }

  /**
   * The Pushgateway's base URL: {@code http} or {@code https}, host, port and an optional path
   * prefix.
   */
  public URI gateway() {
    return gateway;
  }

  /** The {@code job} label of the pushed group. */
  public String job() {
    return job;
  }

  /**
   * The grouping labels after {@code job}, in the order given; {@code instance} is absent unless
   * configured (the agent then uses the host name and process id).
   */
  public Map<String, String> grouping() {
    return grouping;
  }

  /** Time between pushes while the JVM runs. */
  public Duration interval() {
    return interval;
  }

  /** Bound of one push, and of the wait for the last push at exit. */
  public Duration timeout() {
    return timeout;
  }

  /** Basic authentication user, or null for none. */
  public String username() {
    return username;
  }

  /** The environment variable holding the basic authentication password, or null. */
  public String passwordEnv() {
    return passwordEnv;
  }

  /** The file holding the basic authentication password (first line), or null. */
  public Path passwordFile() {
    return passwordFile;
  }

  /**
   * Certificates to trust for an {@code https} gateway, or null for the JVM's default trust store.
   */
  public Path truststore() {
    return truststore;
  }

  /** The truststore password given in the config, or null. */
  public String truststorePassword() {
    return truststorePassword;
  }

  /** The environment variable holding the truststore password, or null. */
  public String truststorePasswordEnv() {
    return truststorePasswordEnv;
  }

  /** PKCS12 or JKS; null without a truststore. */
  public String truststoreType() {
    return truststoreType;
  }

  @Override
  public String toString() {
    // no password, nor where it comes from: the string may reach a log
    return "PushConfig{gateway="
        + gateway
        + ", job="
        + job
        + ", grouping="
        + grouping
        + ", interval="
        + Durations.format(interval)
        + ", timeout="
        + Durations.format(timeout)
        + (username == null ? "" : ", auth=" + username)
        + (truststore == null ? "" : ", truststore=" + truststore)
        + '}';
  }
}
