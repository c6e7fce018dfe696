package dev.modelwatch.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** {@code server.tls}: the endpoint serves HTTPS with the key and certificate of this keystore. */
public final class TlsConfig {
  public static final List<String> TYPES = List.of("PKCS12", "JKS");

  private final Path keystore;
  private final String password;
  private final String passwordEnv;
  private final String type;

  TlsConfig(Path keystore, String password, String passwordEnv, String type) {
    this.keystore = Objects.requireNonNull(keystore, "keystore");
    this.password = password;
    this.passwordEnv = passwordEnv;
    this.type = Objects.requireNonNull(type, "type");
  }

  /** Resolved against the config file's directory when relative. */
  public Path keystore() {
    return keystore;
  }

  /** The keystore password given in the config, or null. */
  public String password() {
    return password;
  }

  /** The environment variable holding the keystore password, or null. */
  public String passwordEnv() {
    return passwordEnv;
  }

  /** PKCS12 or JKS. */
  public String type() {
    return type;
  }

  @Override
  public String toString() {
    return "TlsConfig{keystore="
        + keystore
        + ", type="
        + type
        + (passwordEnv != null
            ? ", password_env=" + passwordEnv
            : password != null ? ", password=***" : "")
        + '}';
  }
}
