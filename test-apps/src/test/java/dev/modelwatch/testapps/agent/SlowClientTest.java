package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that send part of a request and stall hold none of the endpoint's threads for long:
 * {@code /metrics} and {@code /-/healthy} answer while more stalled connections than the endpoint
 * has threads are open, and every stalled connection is closed by the agent within the configured
 * bound ({@code server.header_timeout} before the request head is complete, {@code
 * server.body_timeout} after it). A TLS ClientHello on the plain port and plain text on the TLS
 * port are dropped the same way.
 */
class SlowClientTest {
  /** More than the endpoint's threads. */
  static final int STALLED = 10;

  static final int HEADER_TIMEOUT_SECONDS = 4;
  static final int BODY_TIMEOUT_SECONDS = 3;

  /**
   * Seconds a close may come after its bound: the check runs in steps and the machine is shared.
   */
  static final int SLACK_SECONDS = 2;

  static final String TIMEOUTS =
      "  header_timeout: "
          + HEADER_TIMEOUT_SECONDS
          + "s\n  body_timeout: "
          + BODY_TIMEOUT_SECONDS
          + "s\n";

  static final HttpClient CLIENT =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void keystore() throws Exception {
    SecurityEndpointTest.makeKeystoreAndHash();
  }

  @Test
  void stalledClientsDoNotStarveTheEndpointAndAreClosedWithinTheBound() throws Exception {
    String config = "server:\n  host: 127.0.0.1\n" + TIMEOUTS + SecurityEndpointTest.MODEL;
    try (AgentedServer app = AgentedServer.start(MAIN, config, List.of("--port", "0"))) {
      int port = app.agentPort();
      long opened = System.nanoTime();
      // a complete head, then 10 of the 100 bytes of the body it announces; first, while threads
      // are
      // free, so that its head is read at once (the body's bound starts with the head)
      Socket body =
          RawHttp.stall(
              port,
              ("POST /feedback HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n"
                      + "0123456789")
                  .getBytes(StandardCharsets.US_ASCII));
      // answered by another of the free threads: the server has taken up the body's connection too
      assertEquals(200, get(port, "/-/healthy").statusCode());
      List<Socket> stalled = new ArrayList<>();
      for (int i = 0; i < STALLED - 2; i++) {
        stalled.add(RawHttp.stall(port, "G".getBytes(StandardCharsets.US_ASCII)));
      }
      Socket clientHello = RawHttp.stall(port, clientHello());

      // answered while the stalled connections are open, well before their bound
      HttpResponse<String> healthy = get(port, "/-/healthy");
      assertEquals(200, healthy.statusCode());
      assertEquals("Exporter is healthy.\n", healthy.body());
      HttpResponse<String> metrics = get(port, "/metrics");
      assertEquals(200, metrics.statusCode());
      assertTrue(
          metrics.body().contains("model_predictions_total{model=\"wine\"} 0.0"), metrics.body());

      // the body's bound, the shortest, started when its head was read, at once
      List<String> open = new ArrayList<>();
      long bodyLimit = TimeUnit.SECONDS.toMillis(BODY_TIMEOUT_SECONDS + SLACK_SECONDS);
      ByteArrayOutputStream bodyAnswer = new ByteArrayOutputStream();
      if (!RawHttp.closedByServerWithin(body, bodyLimit - elapsedMillis(opened), bodyAnswer)) {
        open.add(
            "stalled body (answered: " + bodyAnswer.toString(StandardCharsets.ISO_8859_1) + ")");
      }
      long headerLimit = TimeUnit.SECONDS.toMillis(HEADER_TIMEOUT_SECONDS + SLACK_SECONDS);
      for (Socket socket : stalled) {
        if (!RawHttp.closedByServerWithin(socket, headerLimit - elapsedMillis(opened))) {
          open.add("stalled head " + stalled.indexOf(socket));
        }
      }
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      if (!RawHttp.closedByServerWithin(clientHello, headerLimit - elapsedMillis(opened), answer)) {
        open.add("TLS ClientHello");
      }
      // a ClientHello holding a line break is a malformed request line, answered 400 at once;
      // one without reads as an unfinished head and is dropped at the bound
      boolean helloRejectedAt400 =
          answer.toString(StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 400 ");
      System.out.println("stalled connections closed after " + elapsedMillis(opened) + " ms");
      assertEquals(
          List.of(), open, "still open " + elapsedMillis(opened) + " ms after they were opened");

      String scrape = get(port, "/metrics").body();
      int slow = helloRejectedAt400 ? STALLED - 1 : STALLED;
      assertTrue(
          scrape.contains(
              "modelwatch_agent_http_refused_total{reason=\"slow_request\"} " + slow + ".0"),
          scrape);
      for (Socket socket : stalled) {
        socket.close();
      }
      body.close();
      clientHello.close();
      assertEquals("50", listenBacklog(port));
    }
  }

  @Test
  void plainTextOnTheTlsPortIsDroppedAndDoesNotStarveTheEndpoint() throws Exception {
    String config =
        "server:\n  host: 127.0.0.1\n"
            + TIMEOUTS
            + "  tls: {keystore: '"
            + SecurityEndpointTest.keystore
            + "', password: "
            + SecurityEndpointTest.KEYSTORE_PASSWORD
            + "}\n"
            + SecurityEndpointTest.MODEL;
    try (AgentedServer app = AgentedServer.start(MAIN, config, List.of("--port", "0"))) {
      int port = app.agentPort();
      List<Socket> stalled = new ArrayList<>();
      long opened = System.nanoTime();
      for (int i = 0; i < STALLED; i++) {
        stalled.add(RawHttp.stall(port, "G".getBytes(StandardCharsets.US_ASCII)));
      }
      // a whole plain request is not TLS at all: dropped at once
      Socket plain =
          RawHttp.stall(
              port,
              "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      assertTrue(
          RawHttp.closedByServerWithin(plain, TimeUnit.SECONDS.toMillis(HEADER_TIMEOUT_SECONDS)));

      HttpResponse<String> healthy = getTls(port, "/-/healthy");
      assertEquals(200, healthy.statusCode());
      assertEquals("Exporter is healthy.\n", healthy.body());

      long headerLimit = TimeUnit.SECONDS.toMillis(HEADER_TIMEOUT_SECONDS + SLACK_SECONDS);
      List<Integer> open = new ArrayList<>();
      for (int i = 0; i < stalled.size(); i++) {
        if (!RawHttp.closedByServerWithin(stalled.get(i), headerLimit - elapsedMillis(opened))) {
          open.add(i);
        }
      }
      System.out.println("stalled TLS connections closed after " + elapsedMillis(opened) + " ms");
      assertEquals(
          List.of(), open, "still open " + elapsedMillis(opened) + " ms after they were opened");
      String scrape = getTls(port, "/metrics").body();
      assertTrue(
          scrape.contains(
              "modelwatch_agent_http_refused_total{reason=\"slow_request\"} " + STALLED + ".0"),
          scrape);
      for (Socket socket : stalled) {
        socket.close();
      }
    }
  }

  /** The first flight of a real TLS client. */
  static byte[] clientHello() throws Exception {
    SSLEngine engine = SSLContext.getDefault().createSSLEngine("localhost", 443);
    engine.setUseClientMode(true);
    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(ByteBuffer.allocate(0), out);
    return Arrays.copyOf(out.array(), out.position());
  }

  /** The listen backlog of the port, as the kernel reports it (Send-Q of a listening socket). */
  static String listenBacklog(int port) throws Exception {
    Process ss =
        new ProcessBuilder("ss", "-Hltn", "sport = :" + port).redirectErrorStream(true).start();
    String out = RawHttp.read(ss.getInputStream()).trim();
    assertTrue(ss.waitFor(10, TimeUnit.SECONDS));
    String[] columns = out.split("\\s+");
    assertTrue(columns.length >= 3, out);
    return columns[2];
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(HEADER_TIMEOUT_SECONDS - 1))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static long elapsedMillis(long since) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
  }

  static HttpResponse<String> getTls(int port, String path) throws Exception {
    return SecurityEndpointTest.trusting.send(
        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(HEADER_TIMEOUT_SECONDS - 1))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
