package dev.modelwatch.testapps.stack;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real Prometheus Pushgateway (the Debian package's {@code prometheus-pushgateway} binary) on a
 * free port, persisting to its own work directory; read over its own {@code /metrics}.
 */
public final class Pushgateway implements AutoCloseable {
  public static final String INSTALL_HINT =
      "The Pushgateway is needed for the push tests: install it with 'apt-get install -y"
          + " prometheus-pushgateway' (Debian/Ubuntu; .ci/run does this), or put a pushgateway binary"
          + " on the PATH.";

  /** The user and password of {@link #startWithBasicAuth}. */
  public static final String USER = "pusher";

  public static final String PASSWORD = "U*U";

  /**
   * The bcrypt hash of {@link #PASSWORD} that the gateway's web config takes: a published bcrypt
   * test vector (cost 5), so that no bcrypt tool is needed here.
   */
  private static final String PASSWORD_BCRYPT =
      "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

  /** The truststore password of {@link #startTls}. */
  public static final String TRUSTSTORE_PASSWORD = "changeit";

  private final Process process;
  private final int port;
  private final Path log;
  private final String scheme;
  private final HttpClient client;
  private final Path truststore;
  private String authorization;

  private Pushgateway(
      Process process, int port, Path log, String scheme, HttpClient client, Path truststore) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.scheme = scheme;
    this.client = client;
    this.truststore = truststore;
  }

  public static Pushgateway start(Path workDir) throws IOException, InterruptedException {
    return start(workDir, List.of(), "http", HttpClient.newHttpClient(), null, null);
  }

  /**
   * A gateway serving HTTPS with a self-signed certificate for 127.0.0.1 (made with {@code
   * openssl}), whose certificate is in {@link #truststore()} (PKCS12, password {@link
   * #TRUSTSTORE_PASSWORD}).
   */
  public static Pushgateway startTls(Path workDir)
      throws IOException, InterruptedException, GeneralSecurityException {
    Files.createDirectories(workDir);
    Path key = workDir.resolve("key.pem").toAbsolutePath();
    Path cert = workDir.resolve("cert.pem").toAbsolutePath();
    Process openssl =
        new ProcessBuilder(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                cert.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1")
            .redirectErrorStream(true)
            .start();
    String output =
        new String(
            openssl.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
      throw new IllegalStateException(
          "openssl could not make a certificate (install openssl):\n" + output);
    }
    Path web = workDir.resolve("web-config.yml");
    Files.writeString(
        web, "tls_server_config:\n  cert_file: '" + cert + "'\n  key_file: '" + key + "'\n");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (java.io.InputStream in = Files.newInputStream(cert)) {
      trust.setCertificateEntry(
          "pushgateway", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    Path truststore = workDir.resolve("truststore.p12").toAbsolutePath();
    try (java.io.OutputStream out = Files.newOutputStream(truststore)) {
      trust.store(out, TRUSTSTORE_PASSWORD.toCharArray());
    }
    TrustManagerFactory trusting =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trusting.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trusting.getTrustManagers(), null);
    return start(
        workDir,
        List.of("--web.config.file=" + web),
        "https",
        HttpClient.newBuilder().sslContext(context).build(),
        truststore,
        null);
  }

  /**
   * A gateway that takes only requests with basic authentication as {@link #USER} / {@link
   * #PASSWORD}.
   */
  public static Pushgateway startWithBasicAuth(Path workDir)
      throws IOException, InterruptedException {
    Files.createDirectories(workDir);
    Path web = workDir.resolve("web-config.yml");
    Files.writeString(web, "basic_auth_users:\n  " + USER + ": '" + PASSWORD_BCRYPT + "'\n");
    String authorization =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    (USER + ":" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return start(
        workDir,
        List.of("--web.config.file=" + web.toAbsolutePath()),
        "http",
        HttpClient.newHttpClient(),
        null,
        authorization);
  }

  private static Pushgateway start(
      Path workDir,
      List<String> options,
      String scheme,
      HttpClient client,
      Path truststore,
      String authorization)
      throws IOException, InterruptedException {
    String binary = locate();
    Files.createDirectories(workDir);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = workDir.resolve("pushgateway.log");
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.add("--web.listen-address=127.0.0.1:" + port);
    // Debian's build persists to /var/lib/prometheus by default: a file of its own instead
    command.add("--persistence.file=" + workDir.toAbsolutePath().resolve("pushgateway.data"));
    command.addAll(options);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Pushgateway gateway = new Pushgateway(process, port, log, scheme, client, truststore);
    gateway.authorization = authorization;
    gateway.awaitReady();
    return gateway;
  }

  private static String locate() {
    String path = System.getenv("PATH");
    for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
      for (String name : new String[] {"prometheus-pushgateway", "pushgateway"}) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new IllegalStateException(INSTALL_HINT);
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the pushgateway exited with " + process.exitValue() + ":\n" + log());
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the pushgateway did not become ready within 60 s:\n" + log());
  }

  /** The URL the agent pushes to. */
  public String url() {
    return scheme + "://127.0.0.1:" + port;
  }

  /** The certificate to trust for {@link #startTls}'s gateway; null for plain HTTP. */
  public Path truststore() {
    return truststore;
  }

  /** The gateway's own exposition: every pushed group, with its job and grouping labels. */
  public String metrics() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/metrics");
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "the pushgateway's /metrics answered " + response.statusCode());
    }
    return response.body();
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
