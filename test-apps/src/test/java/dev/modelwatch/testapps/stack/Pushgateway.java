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
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus Pushgateway (the Debian package's {@code prometheus-pushgateway} binary) on a
 * free port, persisting to its own work directory; read over its own {@code /metrics}.
 */
public final class Pushgateway implements AutoCloseable {
  public static final String INSTALL_HINT =
      "The Pushgateway is needed for the push tests: install it with 'apt-get install -y"
          + " prometheus-pushgateway' (Debian/Ubuntu; .ci/run does this), or put a pushgateway binary"
          + " on the PATH.";

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final Process process;
  private final int port;
  private final Path log;

  private Pushgateway(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  public static Pushgateway start(Path workDir) throws IOException, InterruptedException {
    String binary = locate();
    Files.createDirectories(workDir);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = workDir.resolve("pushgateway.log");
    Process process =
        new ProcessBuilder(
                binary,
                "--web.listen-address=127.0.0.1:" + port,
                // Debian's build persists to /var/lib/prometheus by default: a file of its own instead
                "--persistence.file=" + workDir.toAbsolutePath().resolve("pushgateway.data"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    Pushgateway gateway = new Pushgateway(process, port, log);
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
        throw new IllegalStateException("the pushgateway exited with " + process.exitValue() + ":\n" + log());
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
    return "http://127.0.0.1:" + port;
  }

  /** The gateway's own exposition: every pushed group, with its job and grouping labels. */
  public String metrics() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/metrics");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("the pushgateway's /metrics answered " + response.statusCode());
    }
    return response.body();
  }

  public String log() throws IOException {
    return Files.readString(log);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
