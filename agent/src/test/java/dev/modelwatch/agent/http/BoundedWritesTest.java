package dev.modelwatch.agent.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A whole-body write reaches the server's stream in pieces no larger than the limit, unchanged. */
class BoundedWritesTest {
  @Test
  void largeWritesArriveInBoundedPiecesWithTheSameBytes() throws Exception {
    byte[] body = new byte[3 * BoundedWrites.PIECE + 12345];
    new SplittableRandom(5).nextBytes(body);
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    int[] largest = {0};
    int[] writes = {0};
    OutputStream server =
        new OutputStream() {
          @Override
          public void write(int b) {
            received.write(b);
            largest[0] = Math.max(largest[0], 1);
            writes[0]++;
          }

          @Override
          public void write(byte[] b, int off, int len) {
            received.write(b, off, len);
            largest[0] = Math.max(largest[0], len);
            writes[0]++;
          }
        };
    try (OutputStream out = new BoundedWrites.Pieces(server)) {
      out.write(body, 0, 10);
      out.write(body, 10, body.length - 10);
    }
    assertArrayEquals(body, received.toByteArray());
    assertEquals(BoundedWrites.PIECE, largest[0]);
    assertEquals(1 + 4, writes[0], "10 bytes, then 3 full pieces and the rest");
  }
}
