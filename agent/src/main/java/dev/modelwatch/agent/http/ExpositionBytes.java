package dev.modelwatch.agent.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * A scrape's body as it is written: 64 KiB chunks without the locks of {@code
 * ByteArrayOutputStream} or {@code BufferedWriter}, with the UTF-8 encoding and the label-value
 * escaping of the text formats done in place. Chunks rather than one growing array: a body of
 * several megabytes in one array is a humongous object to G1 (allocated in the old generation, and
 * copied whole at each doubling), and the response is written out in pieces anyway ({@link
 * BoundedWrites}). Used by one thread at a time.
 */
final class ExpositionBytes extends OutputStream {
  static final int CHUNK = 64 * 1024;

  private byte[][] chunks = new byte[8][];
  private int[] fills = new int[8];
  private int full; // chunks before the current one
  private long before; // bytes in them
  private byte[] current = new byte[CHUNK];
  private int at;

  long size() {
    return before + at;
  }

  /** Drops what was written after {@code mark}, a size this buffer had. */
  void truncate(long mark) {
    while (mark < before) {
      full--;
      current = chunks[full];
      at = fills[full];
      before -= at;
      chunks[full] = null;
    }
    at = (int) (mark - before);
  }

  /** The last bytes equal {@code tail}. */
  boolean endsWith(byte[] tail) {
    long size = size();
    if (size < tail.length) {
      return false;
    }
    for (int i = 0; i < tail.length; i++) {
      if (byteAt(size - tail.length + i) != tail[i]) {
        return false;
      }
    }
    return true;
  }

  private byte byteAt(long index) {
    if (index >= before) {
      return current[(int) (index - before)];
    }
    long start = 0;
    for (int c = 0; c < full; c++) {
      if (index < start + fills[c]) {
        return chunks[c][(int) (index - start)];
      }
      start += fills[c];
    }
    throw new IndexOutOfBoundsException(Long.toString(index));
  }

  /** A copy of the bytes from {@code mark} on. */
  byte[] copyFrom(long mark) {
    byte[] copy = new byte[Math.toIntExact(size() - mark)];
    int copied = 0;
    long start = 0;
    for (int c = 0; c <= full; c++) {
      byte[] chunk = c < full ? chunks[c] : current;
      int fill = c < full ? fills[c] : at;
      if (start + fill > mark) {
        int from = (int) Math.max(0, mark - start);
        System.arraycopy(chunk, from, copy, copied, fill - from);
        copied += fill - from;
      }
      start += fill;
    }
    return copy;
  }

  void writeTo(OutputStream out) throws IOException {
    for (int c = 0; c < full; c++) {
      out.write(chunks[c], 0, fills[c]);
    }
    out.write(current, 0, at);
  }

  /** A new chunk, when fewer than {@code n} bytes (at most 4) are left in this one. */
  private void room(int n) {
    if (at + n > CHUNK) {
      if (full == chunks.length) {
        chunks = Arrays.copyOf(chunks, full * 2);
        fills = Arrays.copyOf(fills, full * 2);
      }
      chunks[full] = current;
      fills[full] = at;
      full++;
      before += at;
      current = new byte[CHUNK];
      at = 0;
    }
  }

  @Override
  public void write(int b) {
    room(1);
    current[at++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    while (len > 0) {
      room(1);
      int n = Math.min(len, CHUNK - at);
      System.arraycopy(b, off, current, at, n);
      at += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  /** {@code value} as {@link Long#toString(long)} writes it, without the string. */
  void decimal(long value) {
    if (value == Long.MIN_VALUE) {
      ascii(Long.toString(value));
      return;
    }
    room(20);
    if (value < 0) {
      current[at++] = '-';
      value = -value;
    }
    int digits = 1;
    for (long rest = value / 10; rest > 0; rest /= 10) {
      digits++;
    }
    int end = at + digits;
    for (int p = end - 1; p >= at; p--) {
      current[p] = (byte) ('0' + (value % 10));
      value /= 10;
    }
    at = end;
  }

  /** A string known to be ASCII (names that passed the legacy name check, numbers). */
  void ascii(String s) {
    int n = s.length();
    if (at + n > CHUNK) {
      for (int i = 0; i < n; i++) {
        write(s.charAt(i));
      }
      return;
    }
    byte[] b = current;
    int p = at;
    for (int i = 0; i < n; i++) {
      b[p++] = (byte) s.charAt(i);
    }
    at = p;
  }

  /**
   * {@code s} in UTF-8, with the escapes {@code escapeQuote} selects: backslash and newline always,
   * the double quote too when set (label values, OpenMetrics help); as Java's UTF-8 encoder, an
   * unpaired surrogate becomes {@code ?}.
   */
  void escaped(String s, boolean escapeQuote) {
    int n = s.length();
    int i = 0;
    if (at + n <= CHUNK) {
      // the common text: ASCII without anything to escape, copied as is
      byte[] b = current;
      int p = at;
      for (; i < n; i++) {
        char c = s.charAt(i);
        if (c >= 0x80 || c == '\\' || c == '\n' || (c == '"' && escapeQuote)) {
          break;
        }
        b[p++] = (byte) c;
      }
      at = p;
    }
    for (; i < n; i++) {
      char c = s.charAt(i);
      room(4);
      byte[] b = current;
      if (c < 0x80) {
        if (c == '\\') {
          b[at++] = '\\';
          b[at++] = '\\';
        } else if (c == '\n') {
          b[at++] = '\\';
          b[at++] = 'n';
        } else if (c == '"' && escapeQuote) {
          b[at++] = '\\';
          b[at++] = '"';
        } else {
          b[at++] = (byte) c;
        }
      } else if (c < 0x800) {
        b[at++] = (byte) (0xc0 | (c >> 6));
        b[at++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[at++] = (byte) (0xf0 | (cp >> 18));
        b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        b[at++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        b[at++] = '?';
      } else {
        b[at++] = (byte) (0xe0 | (c >> 12));
        b[at++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        b[at++] = (byte) (0x80 | (c & 0x3f));
      }
    }
  }
}
