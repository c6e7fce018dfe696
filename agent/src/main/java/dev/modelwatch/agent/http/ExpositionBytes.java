package dev.modelwatch.agent.http;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A scrape's body as it is written: a growable byte array without the locks of {@code
 * ByteArrayOutputStream} or {@code BufferedWriter}, with the UTF-8 encoding and the label-value
 * escaping of the text formats done in place. Used by one thread at a time.
 */
final class ExpositionBytes extends OutputStream {
  private byte[] bytes;
  private int size;

  ExpositionBytes(int capacity) {
    bytes = new byte[Math.max(capacity, 64)];
  }

  int size() {
    return size;
  }

  /** Drops what was written after {@code mark} (a family handed to client_java's writer). */
  void truncate(int mark) {
    size = mark;
  }

  /** The last {@code n} bytes equal {@code tail}. */
  boolean endsWith(byte[] tail) {
    if (size < tail.length) {
      return false;
    }
    for (int i = 0; i < tail.length; i++) {
      if (bytes[size - tail.length + i] != tail[i]) {
        return false;
      }
    }
    return true;
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
  }

  private void room(int n) {
    if (size + n > bytes.length) {
      long wanted = Math.max((long) bytes.length * 2, (long) size + n);
      if (wanted > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("scrape body over 2 GB");
      }
      byte[] larger = new byte[(int) wanted];
      System.arraycopy(bytes, 0, larger, 0, size);
      bytes = larger;
    }
  }

  @Override
  public void write(int b) {
    room(1);
    bytes[size++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    room(len);
    System.arraycopy(b, off, bytes, size, len);
    size += len;
  }

  @Override
  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  /** A string known to be ASCII (names that passed the legacy name check, numbers). */
  void ascii(String s) {
    int n = s.length();
    room(n);
    byte[] b = bytes;
    int at = size;
    for (int i = 0; i < n; i++) {
      b[at++] = (byte) s.charAt(i);
    }
    size = at;
  }

  /**
   * {@code s} in UTF-8, with the escapes {@code escapeQuote} selects: backslash and newline always,
   * the double quote too when set (label values, OpenMetrics help); as Java's UTF-8 encoder, an
   * unpaired surrogate becomes {@code ?}.
   */
  void escaped(String s, boolean escapeQuote) {
    int n = s.length();
    room(n);
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        if (c == '\\') {
          two('\\', '\\');
        } else if (c == '\n') {
          two('\\', 'n');
        } else if (c == '"' && escapeQuote) {
          two('\\', '"');
        } else {
          if (size == bytes.length) {
            room(1);
          }
          bytes[size++] = (byte) c;
        }
      } else if (c < 0x800) {
        room(2);
        bytes[size++] = (byte) (0xc0 | (c >> 6));
        bytes[size++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        room(4);
        bytes[size++] = (byte) (0xf0 | (cp >> 18));
        bytes[size++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        bytes[size++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        bytes[size++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        write('?');
      } else {
        room(3);
        bytes[size++] = (byte) (0xe0 | (c >> 12));
        bytes[size++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        bytes[size++] = (byte) (0x80 | (c & 0x3f));
      }
    }
  }

  private void two(char a, char b) {
    room(2);
    bytes[size++] = (byte) a;
    bytes[size++] = (byte) b;
  }
}
