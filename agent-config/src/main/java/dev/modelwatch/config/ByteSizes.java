package dev.modelwatch.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes written as a whole number with an optional unit B, KB, MB or GB (any case; 1 KB = 1024
 * bytes): 512KB, 64MB, 1GB, 4096.
 */
final class ByteSizes {
  private static final Pattern FORMAT =
      Pattern.compile("([0-9][0-9_]*)\\s*(b|kb|k|mb|m|gb|g)?", Pattern.CASE_INSENSITIVE);
  static final String EXPECTED =
      "expected a size: a whole number of bytes, or followed by KB, MB or GB, e.g. 64MB";

  private ByteSizes() {}

  /**
   * @throws IllegalArgumentException naming the text and the expected form
   */
  static long parse(String text) {
    Matcher matcher = FORMAT.matcher(text.trim());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(EXPECTED + ", found \"" + text.trim() + "\"");
    }
    String unit =
        matcher.group(2) == null ? "b" : matcher.group(2).toLowerCase(Locale.ROOT).substring(0, 1);
    int shift = unit.equals("k") ? 10 : unit.equals("m") ? 20 : unit.equals("g") ? 30 : 0;
    try {
      long number = Long.parseLong(matcher.group(1).replace("_", ""));
      if (number > Long.MAX_VALUE >> shift) {
        throw new NumberFormatException();
      }
      return number << shift;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("size \"" + text.trim() + "\" is too large");
    }
  }

  /** 64MB, 1KB, 1500B: the largest unit that divides the size. */
  static String format(long bytes) {
    if (bytes > 0 && bytes % (1L << 30) == 0) {
      return (bytes >> 30) + "GB";
    }
    if (bytes > 0 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "MB";
    }
    if (bytes > 0 && bytes % (1L << 10) == 0) {
      return (bytes >> 10) + "KB";
    }
    return bytes + "B";
  }
}
