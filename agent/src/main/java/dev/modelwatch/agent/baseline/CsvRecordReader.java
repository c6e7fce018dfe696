package dev.modelwatch.agent.baseline;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 records one at a time: fields separated by one delimiter character, optionally
 * enclosed in double quotes (a doubled quote inside is one quote; quoted fields may span lines),
 * records ending at LF, CRLF or CR. Blank lines are skipped.
 */
final class CsvRecordReader {

  /** Delimiters recognised by {@link #detectDelimiter}, in order of preference on a tie. */
  static final char[] CANDIDATES = {',', ';', '\t', '|'};

  private final Reader in;
  private final char delimiter;
  private int pushedBack = -2;
  private long line;
  private long recordLine;

  CsvRecordReader(Reader in, char delimiter, long firstLine) {
    this.in = in;
    this.delimiter = delimiter;
    this.line = firstLine;
  }

  /**
   * The candidate delimiter that occurs most often outside quotes in the header line; a comma when
   * none occurs (a single column).
   */
  static char detectDelimiter(String headerLine) {
    int[] counts = new int[CANDIDATES.length];
    boolean quoted = false;
    for (int i = 0; i < headerLine.length(); i++) {
      char c = headerLine.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted) {
        for (int k = 0; k < CANDIDATES.length; k++) {
          if (c == CANDIDATES[k]) {
            counts[k]++;
          }
        }
      }
    }
    int best = 0;
    for (int k = 1; k < CANDIDATES.length; k++) {
      if (counts[k] > counts[best]) {
        best = k;
      }
    }
    return CANDIDATES[best];
  }

  /** Line number (1-based) where the last record returned by {@link #next} started. */
  long recordLine() {
    return recordLine;
  }

  /** The next record's fields, or null at the end of input. */
  List<String> next() throws IOException {
    int c = read();
    while (c == '\n' || c == '\r') {
      consumeLineEnd(c);
      c = read();
    }
    if (c == -1) {
      return null;
    }
    recordLine = line;
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean atFieldStart = true;
    for (; ; c = read()) {
      if (quoted) {
        if (c == -1) {
          throw new IOException(
              "line " + recordLine + ": a quoted field is never closed; add the" + " missing '\"'");
        } else if (c == '"') {
          int following = read();
          if (following == '"') {
            field.append('"');
          } else {
            quoted = false;
            unread(following);
          }
        } else if (c == '\n' || c == '\r') {
          consumeLineEnd(c);
          field.append('\n');
        } else {
          field.append((char) c);
        }
      } else if (c == '"' && atFieldStart) {
        quoted = true;
        atFieldStart = false;
      } else if (c == delimiter) {
        fields.add(field.toString());
        field.setLength(0);
        atFieldStart = true;
      } else if (c == '\n' || c == '\r' || c == -1) {
        fields.add(field.toString());
        if (c != -1) {
          consumeLineEnd(c);
        }
        return fields;
      } else {
        field.append((char) c);
        atFieldStart = false;
      }
    }
  }

  /** Consumes a line end that starts with {@code c} (LF, CR or CRLF). */
  private void consumeLineEnd(int c) throws IOException {
    line++;
    if (c == '\r') {
      int following = read();
      if (following != '\n') {
        unread(following);
      }
    }
  }

  private int read() throws IOException {
    if (pushedBack != -2) {
      int c = pushedBack;
      pushedBack = -2;
      return c;
    }
    return in.read();
  }

  private void unread(int c) {
    pushedBack = c;
  }
}
