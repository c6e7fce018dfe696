package dev.modelwatch.testapps.agent;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} does not do: any method
 * (TRACE, made-up ones), a chosen source address on the loopback network (127.0.0.2 is another
 * client), and connections that send part of a request and stall.
 */
final class RawHttp {
  private RawHttp() {}

  /** One answer: status, headers (names in lower case, first value) and body. */
  static final class Response {
    final int status;
    final Map<String, String> headers;
    final String body;

    Response(int status, Map<String, String> headers, String body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + body;
    }
  }

  /**
   * Sends {@code method path} with {@code Connection: close} and extra header lines; reads the
   * whole answer.
   */
  static Response send(
      String from, int port, String method, String path, String extraHeaders, String body)
      throws IOException {
    try (Socket socket = connect(from, port)) {
      socket.setSoTimeout(20_000);
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String head =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
              + (extraHeaders == null ? "" : extraHeaders)
              + (body == null ? "" : "Content-Length: " + content.length + "\r\n")
              + "\r\n";
      socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(content);
      socket.getOutputStream().flush();
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  static Socket connect(String from, int port) throws IOException {
    Socket socket = new Socket();
    if (from != null) {
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
    }
    socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
    return socket;
  }

  /** Opens a connection, sends {@code bytes} and leaves it open. */
  static Socket stall(int port, byte[] bytes) throws IOException {
    Socket socket = connect(null, port);
    socket.getOutputStream().write(bytes);
    socket.getOutputStream().flush();
    return socket;
  }

  /**
   * Waits up to {@code limitMillis} for the server to close {@code socket} (end of stream or
   * reset), discarding what it sends first (a TLS alert, a 400); true when it did.
   */
  static boolean closedByServerWithin(Socket socket, long limitMillis) throws IOException {
    return closedByServerWithin(socket, limitMillis, new ByteArrayOutputStream());
  }

  /** As above, keeping what the server sent before it closed. */
  static boolean closedByServerWithin(
      Socket socket, long limitMillis, ByteArrayOutputStream received) throws IOException {
    long deadline = System.nanoTime() + limitMillis * 1_000_000L;
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[4096];
    while (true) {
      // at least one short read, so that a close that came before the deadline is seen after it
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      socket.setSoTimeout((int) Math.max(1, left));
      try {
        int n = in.read(buffer);
        if (n < 0) {
          return true;
        }
        received.write(buffer, 0, n);
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        return true; // reset
      }
    }
  }

  static Response parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new AssertionError("no complete response head in: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.putIfAbsent(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    return new Response(status, headers, text.substring(end + 4));
  }

  static String read(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
