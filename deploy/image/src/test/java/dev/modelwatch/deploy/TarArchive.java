package dev.modelwatch.deploy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The entries of a tar archive (ustar, with pax extended headers for long names and sizes), read
 * fully into memory: an image tar and its layers are a few megabytes. The JDK has no tar reader,
 * and the layout is small.
 */
final class TarArchive {
  private static final int BLOCK = 512;

  /**
   * One file or directory: its path without a leading "./" or "/", its tar type flag, mode, owner
   * and bytes.
   */
  static final class Entry {
    final String path;
    final char type;
    final int mode;
    final long uid;
    final long gid;
    final byte[] content;

    Entry(String path, char type, int mode, long uid, long gid, byte[] content) {
      this.path = path;
      this.type = type;
      this.mode = mode;
      this.uid = uid;
      this.gid = gid;
      this.content = content;
    }

    boolean isDirectory() {
      return type == '5';
    }

    @Override
    public String toString() {
      return path
          + " (type "
          + type
          + ", mode "
          + Integer.toOctalString(mode)
          + ", "
          + uid
          + ":"
          + gid
          + ", "
          + content.length
          + " bytes)";
    }
  }

  private TarArchive() {}

  static Map<String, Entry> readGzipped(byte[] gzipped) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      return read(in.readAllBytes());
    }
  }

  /**
   * The entries by path, in archive order; a repeated path is an error (an image layer never has
   * one).
   */
  static Map<String, Entry> read(byte[] tar) throws IOException {
    Map<String, Entry> entries = new LinkedHashMap<>();
    Map<String, String> pax = Collections.emptyMap();
    int offset = 0;
    while (offset + BLOCK <= tar.length) {
      if (isZeroBlock(tar, offset)) {
        break;
      }
      String name = text(tar, offset, 100);
      int mode = (int) octal(tar, offset + 100, 8);
      long uid = octal(tar, offset + 108, 8);
      long gid = octal(tar, offset + 116, 8);
      long size = octal(tar, offset + 124, 12);
      char type = tar[offset + 156] == 0 ? '0' : (char) tar[offset + 156];
      String prefix = text(tar, offset + 345, 155);
      if (pax.containsKey("size")) {
        size = Long.parseLong(pax.get("size"));
      }
      int dataStart = offset + BLOCK;
      if (size < 0 || dataStart + size > tar.length) {
        throw new IOException(
            "tar entry '"
                + name
                + "' at offset "
                + offset
                + " claims "
                + size
                + " bytes, past the end of the archive ("
                + tar.length
                + " bytes)");
      }
      byte[] content = new byte[(int) size];
      System.arraycopy(tar, dataStart, content, 0, (int) size);
      offset = dataStart + (int) ((size + BLOCK - 1) / BLOCK * BLOCK);
      if (type == 'x') {
        pax = paxRecords(content);
        continue;
      }
      if (type == 'g') {
        continue;
      }
      String path = pax.getOrDefault("path", prefix.isEmpty() ? name : prefix + "/" + name);
      pax = Collections.emptyMap();
      path = normalize(path);
      if (entries.put(path, new Entry(path, type, mode, uid, gid, content)) != null) {
        throw new IOException("tar entry '" + path + "' appears twice");
      }
    }
    return entries;
  }

  static List<String> paths(Map<String, Entry> entries) {
    return new ArrayList<>(entries.keySet());
  }

  private static String normalize(String path) {
    String p = path;
    while (p.startsWith("./") || p.startsWith("/")) {
      p = p.substring(p.indexOf('/') + 1);
    }
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /** Pax records are "LENGTH KEY=VALUE\n", LENGTH counting the whole record in bytes. */
  private static Map<String, String> paxRecords(byte[] content) throws IOException {
    Map<String, String> records = new LinkedHashMap<>();
    int i = 0;
    while (i < content.length) {
      int space = i;
      while (space < content.length && content[space] != ' ') {
        space++;
      }
      int length = Integer.parseInt(new String(content, i, space - i, StandardCharsets.US_ASCII));
      String record =
          new String(content, space + 1, length - (space - i) - 2, StandardCharsets.UTF_8);
      int equals = record.indexOf('=');
      if (equals < 0) {
        throw new IOException("malformed pax record '" + record + "'");
      }
      records.put(record.substring(0, equals), record.substring(equals + 1));
      i += length;
    }
    return records;
  }

  private static boolean isZeroBlock(byte[] tar, int offset) {
    for (int i = offset; i < offset + BLOCK; i++) {
      if (tar[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static String text(byte[] tar, int offset, int length) {
    int end = offset;
    while (end < offset + length && tar[end] != 0) {
      end++;
    }
    return new String(tar, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] tar, int offset, int length) {
    String digits = text(tar, offset, length).trim();
    return digits.isEmpty() ? 0 : Long.parseLong(digits, 8);
  }
}
