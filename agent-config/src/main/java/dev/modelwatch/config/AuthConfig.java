package dev.modelwatch.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * {@code server.auth}: HTTP basic authentication on every path of the endpoint. Exactly one of the
 * password sources is set: a hash in the config, a file or an environment variable (the last two
 * hold a hash or the password itself).
 */
public final class AuthConfig {
  private final String username;
  private final PasswordHash passwordHash;
  private final Path passwordFile;
  private final String passwordEnv;
  private final boolean healthyOpen;

  AuthConfig(
      String username,
      PasswordHash passwordHash,
      Path passwordFile,
      String passwordEnv,
      boolean healthyOpen) {
    this.username = Objects.requireNonNull(username, "username");
    this.passwordHash = passwordHash;
    this.passwordFile = passwordFile;
    this.passwordEnv = passwordEnv;
    this.healthyOpen = healthyOpen;
  }

  public String username() {
    return username;
  }

  /** Null unless {@code password_hash} was given. */
  public PasswordHash passwordHash() {
    return passwordHash;
  }

  /** Null unless {@code password_file} was given; resolved against the config file's directory. */
  public Path passwordFile() {
    return passwordFile;
  }

  /** Null unless {@code password_env} was given. */
  public String passwordEnv() {
    return passwordEnv;
  }

  /**
   * Whether {@code /-/healthy} answers without credentials (for load balancer and orchestrator
   * probes).
   */
  public boolean healthyOpen() {
    return healthyOpen;
  }

  @Override
  public String toString() {
    String source =
        passwordHash != null
            ? "password_hash=" + passwordHash
            : passwordFile != null
                ? "password_file=" + passwordFile
                : "password_env=" + passwordEnv;
    return "AuthConfig{username="
        + username
        + ", "
        + source
        + ", healthy_open="
        + healthyOpen
        + '}';
  }
}
