package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.model;
import static dev.modelwatch.config.Yamls.problems;
import static dev.modelwatch.config.Yamls.valid;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerSecurityRulesTest {
  /** A real hash of "s3cret" with the minimum iterations, made once so the tests stay fast. */
  static final String HASH =
      PasswordHash.create("s3cret".toCharArray(), PasswordHash.MIN_ITERATIONS).text();

  @Test
  void tlsWithKeystoreAndPassword() throws ConfigException {
    TlsConfig tls =
        valid(yaml("server:", "  tls: {keystore: certs/agent.p12, password: changeit}") + model())
            .server()
            .tls();
    assertEquals(Path.of("/etc/modelwatch/certs/agent.p12"), tls.keystore());
    assertEquals("changeit", tls.password());
    assertNull(tls.passwordEnv());
    assertEquals("PKCS12", tls.type());
  }

  @Test
  void tlsPasswordFromEnvironmentAndJksType() throws ConfigException {
    TlsConfig tls =
        valid(
                yaml(
                        "server:",
                        "  tls: {keystore: /keys/a.jks, password_env: KEYSTORE_PASSWORD, type: JKS}")
                    + model())
            .server()
            .tls();
    assertEquals("KEYSTORE_PASSWORD", tls.passwordEnv());
    assertEquals("JKS", tls.type());
  }

  @Test
  void tlsPasswordIsNeverShownInToString() throws ConfigException {
    ServerConfig server =
        valid(yaml("server:", "  tls: {keystore: a.p12, password: hunter22}") + model()).server();
    assertFalse(server.toString().contains("hunter22"), server.toString());
  }

  @Test
  void tlsWithoutKeystore() {
    assertEquals(
        List.of(at(2, "server.tls.keystore: required")),
        problems(yaml("server:", "  tls: {password: changeit}") + model()));
  }

  @Test
  void tlsWithoutPassword() {
    assertEquals(
        List.of(
            at(2, "server.tls: the keystore password is required: give password or password_env")),
        problems(yaml("server:", "  tls: {keystore: a.p12}") + model()));
  }

  @Test
  void tlsWithBothPasswords() {
    assertEquals(
        List.of(at(2, "server.tls: give only one of password, password_env")),
        problems(
            yaml("server:", "  tls: {keystore: a.p12, password: x, password_env: X}") + model()));
  }

  @Test
  void tlsUnknownType() {
    assertEquals(
        List.of(
            at(
                2,
                "server.tls.type: unknown keystore type 'PKCS11'; expected one of PKCS12, JKS;"
                    + " did you mean 'PKCS12'?")),
        problems(yaml("server:", "  tls: {keystore: a.p12, password: x, type: PKCS11}") + model()));
  }

  @Test
  void authWithHash() throws ConfigException {
    AuthConfig auth =
        valid(
                yaml("server:", "  auth: {username: prometheus, password_hash: '" + HASH + "'}")
                    + model())
            .server()
            .auth();
    assertEquals("prometheus", auth.username());
    assertTrue(auth.passwordHash().matches("s3cret".toCharArray()));
    assertFalse(auth.passwordHash().matches("s3cret ".toCharArray()));
    assertFalse(auth.healthyOpen());
  }

  @Test
  void authHashIsNeverShownInToString() throws ConfigException {
    ServerConfig server =
        valid(yaml("server:", "  auth: {username: p, password_hash: '" + HASH + "'}") + model())
            .server();
    String salt = HASH.split(":")[2];
    assertFalse(server.toString().contains(salt), server.toString());
  }

  @Test
  void authWithPasswordFileResolvedBesideConfig() throws ConfigException {
    AuthConfig auth =
        valid(
                yaml(
                        "server:",
                        "  auth: {username: p, password_file: secrets/pw, healthy_open: true}")
                    + model())
            .server()
            .auth();
    assertEquals(Path.of("/etc/modelwatch/secrets/pw"), auth.passwordFile());
    assertTrue(auth.healthyOpen());
  }

  @Test
  void authWithPasswordEnv() throws ConfigException {
    assertEquals(
        "MW_PASSWORD",
        valid(yaml("server:", "  auth: {username: p, password_env: MW_PASSWORD}") + model())
            .server()
            .auth()
            .passwordEnv());
  }

  @Test
  void authWithoutUsername() {
    assertEquals(
        List.of(at(2, "server.auth.username: required")),
        problems(yaml("server:", "  auth: {password_env: PW}") + model()));
  }

  @Test
  void authUsernameWithColon() {
    assertEquals(
        List.of(
            at(
                2,
                "server.auth.username: must not contain ':' (basic authentication separates user"
                    + " and password with it)")),
        problems(yaml("server:", "  auth: {username: 'a:b', password_env: PW}") + model()));
  }

  @Test
  void authWithoutPassword() {
    assertEquals(
        List.of(
            at(
                2,
                "server.auth: a password is required: give one of password_hash, password_file,"
                    + " password_env (make a hash with 'java -jar modelwatch-agent.jar hash-password')")),
        problems(yaml("server:", "  auth: {username: p}") + model()));
  }

  @Test
  void authWithTwoPasswordSources() {
    assertEquals(
        List.of(
            at(
                2,
                "server.auth: give only one of password_hash, password_file, password_env, found"
                    + " password_file, password_env")),
        problems(
            yaml("server:", "  auth: {username: p, password_file: pw, password_env: PW}")
                + model()));
  }

  @Test
  void authPlainPasswordKeyIsUnknown() {
    assertEquals(
        List.of(
            at(
                2,
                "server.auth: a password is required: give one of password_hash, password_file,"
                    + " password_env (make a hash with 'java -jar modelwatch-agent.jar hash-password')"),
            at(2, "server.auth.password: unknown key 'password'; did you mean 'password_env'?")),
        problems(yaml("server:", "  auth: {username: p, password: hunter22}") + model()));
  }

  @Test
  void authHashNotAHashDoesNotEchoTheValue() {
    assertEquals(
        List.of(
            at(
                2,
                "server.auth.password_hash: not a password hash: expected"
                    + " pbkdf2-sha256:ITERATIONS:SALT:HASH as printed by 'java -jar modelwatch-agent.jar hash-password'")),
        problems(yaml("server:", "  auth: {username: p, password_hash: hunter22}") + model()));
  }

  @Test
  void authHashWithTooFewIterations() {
    assertEquals(
        List.of(
            at(
                2,
                "server.auth.password_hash: password hash iterations must be between 10000 and"
                    + " 10000000, found 5")),
        problems(
            yaml(
                    "server:",
                    "  auth: {username: p, password_hash: 'pbkdf2-sha256:5:"
                        + "AAAAAAAAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'}")
                + model()));
  }

  @Test
  void authHashWithBrokenBase64() {
    assertEquals(
        List.of(
            at(
                2,
                "server.auth.password_hash: malformed password hash (salt or hash is not Base64):"
                    + " expected pbkdf2-sha256:ITERATIONS:SALT:HASH as printed by"
                    + " 'java -jar modelwatch-agent.jar hash-password'")),
        problems(
            yaml("server:", "  auth: {username: p, password_hash: 'pbkdf2-sha256:10000:%%:%%'}")
                + model()));
  }

  @Test
  void authEnvNameInvalid() {
    assertEquals(
        List.of(
            at(
                2,
                "server.auth.password_env: '1PW' is not an environment variable name (letters,"
                    + " digits and _, not starting with a digit)")),
        problems(yaml("server:", "  auth: {username: p, password_env: 1PW}") + model()));
  }

  @Test
  void commandLinePortKeepsTlsAndAuth() throws ConfigException {
    ServerConfig server =
        valid(
                yaml(
                        "server:",
                        "  tls: {keystore: a.p12, password: x}",
                        "  auth: {username: p, password_env: PW}")
                    + model())
            .withServerOverrides(0, "127.0.0.1")
            .server();
    assertEquals(0, server.port());
    assertEquals("127.0.0.1", server.host());
    assertEquals("p", server.auth().username());
    assertEquals("PKCS12", server.tls().type());
  }

  @Test
  void noTlsOrAuthByDefault() throws ConfigException {
    ServerConfig server = valid(model()).server();
    assertNull(server.tls());
    assertNull(server.auth());
  }
}
