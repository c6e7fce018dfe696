package dev.modelwatch.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * Reads the agent's input files (the config, baselines) without trusting what is at their path: a
 * regular file only (symbolic links followed), never a directory, device, FIFO or socket, judged by
 * its attributes before it is opened, so a FIFO is never opened (opening one blocks until someone
 * writes to it); and at most a given number of bytes, counted while reading, so neither {@code
 * /dev/zero} nor a file that grows while it is read can fill the heap.
 */
public final class BoundedFileReader {
  private static final int CHUNK = 8192;

  private BoundedFileReader() {}

  /**
   * The whole content of {@code file}.
   *
   * @throws RefusedFileException if it is no regular file or larger than {@code maxBytes}; the
   *     message says what it is instead ({@code it is a FIFO (named pipe), not a regular file})
   * @throws IOException as {@link Files#newInputStream} does (missing, permission denied, ...)
   */
  public static byte[] read(Path file, long maxBytes) throws IOException {
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    check(file, attributes, maxBytes);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = new byte[(int) Math.min(attributes.size() + 1, maxBytes + 1)];
      int length = 0;
      while (true) {
        if (length == content.length) {
          if (length > maxBytes) {
            throw new RefusedFileException(
                "it grew beyond " + maxBytes + " bytes while it was read");
          }
          content = Arrays.copyOf(content, (int) Math.min((long) length + CHUNK, maxBytes + 1));
        }
        int read = in.read(content, length, content.length - length);
        if (read < 0) {
          return length == content.length ? content : Arrays.copyOf(content, length);
        }
        length += read;
      }
    }
  }

  /**
   * Refuses what {@link #read} would refuse, from attributes already read (following links).
   *
   * @throws RefusedFileException if {@code attributes} are not those of a regular file of at most
   *     {@code maxBytes}
   */
  public static void check(Path file, BasicFileAttributes attributes, long maxBytes)
      throws RefusedFileException {
    if (!attributes.isRegularFile()) {
      throw new RefusedFileException(
          "it is " + kind(file, attributes) + ", not a regular file" + linkNote(file));
    }
    if (attributes.size() > maxBytes) {
      throw new RefusedFileException("it is " + attributes.size() + " bytes" + linkNote(file));
    }
  }

  /** What a file that is not regular is, as precisely as the platform tells. */
  private static String kind(Path file, BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "a directory";
    }
    try {
      // POSIX file type bits of st_mode
      switch ((Integer) Files.getAttribute(file, "unix:mode") & 0170000) {
        case 0010000:
          return "a FIFO (named pipe)";
        case 0020000:
          return "a character device";
        case 0060000:
          return "a block device";
        case 0140000:
          return "a socket";
        default:
          break;
      }
    } catch (IOException | RuntimeException e) {
      // no unix view (Windows): the generic answer below
    }
    return "a device, FIFO or socket";
  }

  /** Where a symbolic link leads, so the message shows the file actually refused. */
  private static String linkNote(Path file) {
    if (!Files.isSymbolicLink(file)) {
      return "";
    }
    try {
      return " (" + file + " is a symbolic link to " + file.toRealPath() + ")";
    } catch (IOException | RuntimeException e) {
      return " (" + file + " is a symbolic link)";
    }
  }

  /** A file refused for what it is (not a regular file) or its size; the message says which. */
  public static final class RefusedFileException extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedFileException(String reason) {
      super(reason);
    }
  }
}
