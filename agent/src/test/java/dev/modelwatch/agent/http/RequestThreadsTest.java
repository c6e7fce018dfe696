package dev.modelwatch.agent.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.feedback.FeedbackHandler;
import dev.modelwatch.agent.record.AgentErrors;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The endpoint's own bounds on slow requests, in process. */
class RequestThreadsTest {
  @Test
  void aStalledBodyIsClosedAtTheBodyTimeout() throws Exception {
    Routes routes =
        new Routes()
            .add(
                "/upload",
                exchange -> {
                  exchange.getRequestBody().readAllBytes();
                  Routes.respond(exchange, 200, "text/plain", "read\n");
                });
    try (MetricsEndpoint endpoint =
            MetricsEndpoint.start(
                "127.0.0.1",
                0,
                null,
                null,
                Duration.ofSeconds(5),
                Duration.ofMillis(300),
                new PrometheusRegistry(),
                routes,
                new AgentErrors());
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
      long start =
          System.nanoTime(); // before the head is sent: the body's bound cannot start earlier
      socket
          .getOutputStream()
          .write(
              ("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789")
                  .getBytes(StandardCharsets.US_ASCII));
      assertTrue(closedWithin(socket, 3_000), "not closed");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 300, millis + " ms");
    }
  }

  @Test
  void aStalledFeedbackBodyIsClosedAtTheBodyTimeoutWhileHeadsStallToo() throws Exception {
    Routes routes = new Routes().add("/upload", new FeedbackHandler(List.of()));
    try (MetricsEndpoint endpoint =
            MetricsEndpoint.start(
                "127.0.0.1",
                0,
                null,
                null,
                Duration.ofSeconds(4),
                Duration.ofSeconds(1),
                new PrometheusRegistry(),
                routes,
                new AgentErrors());
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
      long start =
          System.nanoTime(); // before the head is sent: the body's bound cannot start earlier
      socket
          .getOutputStream()
          .write(
              ("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789")
                  .getBytes(StandardCharsets.US_ASCII));
      List<Socket> heads = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        Socket head = new Socket(InetAddress.getLoopbackAddress(), endpoint.port());
        head.getOutputStream().write('G');
        heads.add(head);
      }
      assertTrue(closedWithin(socket, 3_000), "not closed");
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis >= 1_000, millis + " ms");
      for (Socket head : heads) {
        head.close();
      }
    }
  }

  @Test
  void aStalledHeadIsClosedAtTheHeaderTimeout() throws Exception {
    try (MetricsEndpoint endpoint =
            MetricsEndpoint.start(
                "127.0.0.1",
                0,
                null,
                null,
                Duration.ofMillis(300),
                Duration.ofSeconds(5),
                new PrometheusRegistry(),
                new Routes(),
                new AgentErrors());
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
      socket.getOutputStream().write("GET /metr".getBytes(StandardCharsets.US_ASCII));
      assertTrue(closedWithin(socket, 3_000), "not closed");
    }
  }

  static boolean closedWithin(Socket socket, int millis) throws IOException {
    socket.setSoTimeout(millis);
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // what the server sent before closing
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
