package dev.modelwatch.testapps.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus Pushgateway (Debian's {@code prometheus-pushgateway}) on a free port of
 * 127.0.0.1, with a persistence file of its own in a new directory; {@link #close} stops it through
 * its process handle.
 *
 * <p>The file must be given: Debian's build defaults {@code --persistence.file} to {@code
 * /var/lib/prometheus/pushgateway.data}, so every gateway started without it shares the groups of
 * all earlier runs on the machine.
 */
final class Pushgateway implements AutoCloseable {
  static final Path BINARY = Paths.get("/usr/bin/prometheus-pushgateway");
  private static final HttpClient CLIENT =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final Process process;
  private final int port;
  private final Path log;

  private Pushgateway(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** Starts a gateway and waits (up to 30 s) until it answers {@code /-/ready}. */
  static Pushgateway start(Path dir) throws IOException, InterruptedException {
    assertTrue(
        Files.isExecutable(BINARY),
        BINARY + " is missing: install Debian's prometheus-pushgateway (./test.sh does)");
    Files.createDirectories(dir);
    IOException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = freePort();
      Path work = Files.createTempDirectory(dir, "gateway-" + port + "-");
      Path log = work.resolve("pushgateway.log");
      Process process =
          new ProcessBuilder(
                  List.of(
                      BINARY.toString(),
                      "--web.listen-address=127.0.0.1:" + port,
                      "--persistence.file=" + work.resolve("pushgateway.data"),
                      "--log.level=info"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      Pushgateway gateway = new Pushgateway(process, port, log);
      try {
        if (gateway.awaitReady(Duration.ofSeconds(30))) {
          return gateway;
        }
        last =
            new IOException(
                "the Pushgateway on port " + port + " exited:\n" + Files.readString(log));
      } catch (IOException | RuntimeException | InterruptedException e) {
        gateway.close();
        throw e;
      }
      gateway.close(); // the port was taken between probing and binding: try another
    }
    throw last;
  }

  /** True once {@code /-/ready} answers 200; false if the process exits first. */
  private boolean awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        return false;
      }
      try {
        if (get("/-/ready").statusCode() == 200) {
          return true;
        }
      } catch (ConnectException notYet) {
        // not listening yet
      }
      Thread.sleep(50);
    }
    throw new IOException(
        "the Pushgateway on port "
            + port
            + " was not ready within "
            + timeout
            + ":\n"
            + Files.readString(log));
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** The gateway's own {@code /metrics}: what it holds of every push, plus its own metrics. */
  Exposition metrics() throws IOException, InterruptedException {
    HttpResponse<String> response = get("/metrics");
    if (response.statusCode() != 200) {
      throw new AssertionError(
          "GET /metrics of the Pushgateway answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    return new Exposition(response.body());
  }

  String log() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(url() + path))
            .timeout(Duration.ofSeconds(10))
            .GET()
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
