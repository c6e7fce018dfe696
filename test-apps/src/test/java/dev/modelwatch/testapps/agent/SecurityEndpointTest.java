package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.GOOD_ROW;
import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's endpoint locked down: HTTPS with a keystore made here by the JDK's keytool, basic
 * authentication with a hash made by the agent jar's own {@code hash-password} command, checked
 * with a real HTTPS client that trusts only this test's self-signed certificate.
 */
class SecurityEndpointTest {
  static final String USER = "prometheus";
  static final String PASSWORD = "correct horse battery staple";
  static final String KEYSTORE_PASSWORD = "keystore-secret-4711";
  static final String MODEL =
      String.join(
          "\n",
          "models:",
          "  - name: wine",
          "    intercept: {class: dev.modelwatch.testapps.plain.LinearWineModel, method: predict}",
          "");

  static Path keystore;
  static String hash;
  static HttpClient trusting;

  @BeforeAll
  static void makeKeystoreAndHash() throws Exception {
    Path dir = Files.createDirectories(Paths.get("target", "security"));
    keystore = dir.resolve("agent-" + ProcessHandle.current().pid() + ".p12").toAbsolutePath();
    Files.deleteIfExists(keystore);
    run(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
            "-genkeypair",
            "-alias",
            "agent",
            "-keyalg",
            "EC",
            "-groupname",
            "secp256r1",
            "-dname",
            "CN=localhost",
            "-ext",
            "san=ip:127.0.0.1,dns:localhost",
            "-validity",
            "2",
            "-storetype",
            "PKCS12",
            "-keystore",
            keystore.toString(),
            "-storepass",
            KEYSTORE_PASSWORD,
            "-keypass",
            KEYSTORE_PASSWORD),
        null);
    hash =
        run(
                List.of(
                    ForkedServer.javaExecutable(),
                    "-jar",
                    AgentJar.path().toString(),
                    "hash-password"),
                PASSWORD + "\n")
            .trim();
    assertTrue(hash.matches("pbkdf2-sha256:600000:[A-Za-z0-9+/]{22}:[A-Za-z0-9+/]{43}"), hash);

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, KEYSTORE_PASSWORD.toCharArray());
    }
    Certificate certificate = store.getCertificate("agent");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("agent", certificate);
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    trusting =
        HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(10)).build();
  }

  @Test
  void httpsWithAuthenticationRefusesWrongAndMissingCredentialsAndServesTheRightOnes()
      throws Exception {
    String config =
        String.join(
            "\n",
            "server:",
            "  tls: {keystore: '" + keystore + "', password_env: MW_KEYSTORE_PASSWORD}",
            "  auth: {username: " + USER + ", password_hash: '" + hash + "'}",
            MODEL);
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            config,
            List.of("--port", "0"),
            List.of(),
            Map.of("MW_KEYSTORE_PASSWORD", KEYSTORE_PASSWORD))) {
      assertTrue(
          app.server().stderr().contains("serving metrics at https://"), app.server().stderr());
      Http.post(app.appPort(), "/predict", GOOD_ROW);
      int port = app.agentPort();

      HttpResponse<String> none = get(port, "/metrics", null, null);
      assertEquals(401, none.statusCode());
      assertEquals(
          "Basic realm=\"modelwatch\", charset=\"UTF-8\"",
          none.headers().firstValue("WWW-Authenticate").orElse(""));
      assertFalse(none.body().contains("model_predictions_total"));
      assertEquals(401, get(port, "/metrics", USER, PASSWORD + "x").statusCode());
      assertEquals(401, get(port, "/metrics", "admin", PASSWORD).statusCode());
      assertEquals(401, get(port, "/metrics", USER, "").statusCode());
      assertEquals(401, get(port, "/-/healthy", null, null).statusCode());
      assertEquals(401, get(port, "/", null, null).statusCode());

      HttpResponse<String> right = get(port, "/metrics", USER, PASSWORD);
      assertEquals(200, right.statusCode());
      assertTrue(
          right.body().contains("model_predictions_total{model=\"wine\"} 1.0"), right.body());
      // a second scrape with the same credentials takes the remembered-digest path
      assertEquals(200, get(port, "/metrics", USER, PASSWORD).statusCode());
      assertEquals(200, get(port, "/-/healthy", USER, PASSWORD).statusCode());
      assertEquals(401, get(port, "/metrics", USER, PASSWORD.toUpperCase()).statusCode());

      // plain HTTP on the TLS port gets no metrics
      assertThrows(IOException.class, () -> Http.get(port, "/metrics", Map.of()));

      String log = app.server().stderr() + app.server().stdout();
      assertFalse(log.contains(PASSWORD), log);
      assertFalse(log.contains(KEYSTORE_PASSWORD), log);
    }
  }

  @Test
  void healthyStaysOpenWhenConfiguredAndPasswordComesFromTheEnvironment() throws Exception {
    String config =
        String.join(
            "\n",
            "server:",
            "  host: 127.0.0.1",
            "  auth: {username: " + USER + ", password_env: MW_PASSWORD, healthy_open: true}",
            MODEL);
    try (AgentedServer app =
        AgentedServer.start(
            MAIN, config, List.of("--port", "0"), List.of(), Map.of("MW_PASSWORD", PASSWORD))) {
      int port = app.agentPort();
      assertEquals(200, Http.get(port, "/-/healthy", Map.of()).statusCode());
      assertEquals(401, Http.get(port, "/metrics", Map.of()).statusCode());
      assertEquals(
          401,
          Http.get(port, "/metrics", Map.of("Authorization", basic(USER, "nope"))).statusCode());
      HttpResponse<String> right =
          Http.get(port, "/metrics", Map.of("Authorization", basic(USER, PASSWORD)));
      assertEquals(200, right.statusCode());
      assertTrue(
          right.body().contains("model_predictions_total{model=\"wine\"} 0.0"), right.body());
      assertFalse(app.server().stderr().contains(PASSWORD));
      assertFalse(
          app.server().stderr().contains("without server.tls"),
          "no clear-text warning on loopback");
    }
  }

  @Test
  void endpointStaysOffWhenTheKeystoreCannotBeOpenedAndTheApplicationRunsOn() throws Exception {
    String config =
        String.join(
            "\n",
            "server:",
            "  port: 0",
            "  tls: {keystore: '" + keystore + "', password: wrong-password-123}",
            MODEL);
    Path file = AgentedServer.writeConfig(config);
    try (ForkedServer app =
        ForkedServer.start(
            MAIN,
            List.of(AgentJar.javaagent("config=" + file)),
            List.of("--port", "0"),
            Map.of())) {
      String message =
          app.awaitStderr("metrics endpoint NOT started: [^\\n]*", Duration.ofSeconds(30));
      assertTrue(
          message.startsWith(
              "metrics endpoint NOT started: cannot read server.tls.keystore "
                  + keystore
                  + " (PKCS12): "),
          message);
      assertTrue(
          message.endsWith(
              " (a wrong password or keystore type gives this too; check server.tls.password"
                  + " and server.tls.type). It stays off rather than serve without the configured TLS. The application"
                  + " runs on; predictions are still recorded."),
          message);
      assertFalse(app.stderr().contains("wrong-password-123"));
      assertFalse(app.stderr().contains("serving metrics at"));
      assertEquals(200, Http.post(app.port(), "/predict", GOOD_ROW).statusCode());
    }
  }

  @Test
  void endpointStaysOffWhenThePasswordVariableIsUnset() throws Exception {
    String config =
        String.join(
            "\n",
            "server:",
            "  port: 0",
            "  auth: {username: u, password_env: MW_UNSET_PASSWORD}",
            MODEL);
    Path file = AgentedServer.writeConfig(config);
    try (ForkedServer app =
        ForkedServer.start(
            MAIN,
            List.of(AgentJar.javaagent("config=" + file)),
            List.of("--port", "0"),
            Map.of())) {
      String message =
          app.awaitStderr("metrics endpoint NOT started: [^\\n]*", Duration.ofSeconds(30));
      assertEquals(
          "metrics endpoint NOT started: server.auth.password_env MW_UNSET_PASSWORD is not set in the"
              + " application's environment; set it or use password_hash. It stays off rather than serve without the"
              + " configured authentication. The application runs on; predictions are still recorded.",
          message);
      assertTrue(
          app.stderr()
              .contains(
                  "server.auth is set without server.tls: the password crosses the network in"
                      + " clear text on 0.0.0.0; add server.tls (see README.md, Security)"),
          app.stderr());
      assertEquals(200, Http.post(app.port(), "/predict", GOOD_ROW).statusCode());
    }
  }

  static HttpResponse<String> get(int port, String path, String user, String password)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(20));
    if (user != null) {
      request.header("Authorization", basic(user, password));
    }
    return trusting.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** Runs a short command; its stdout, or an assertion error with its output. */
  static String run(List<String> command, String stdin) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "timed out: " + command);
    assertEquals(0, process.exitValue(), command + "\n" + output);
    return output;
  }
}
