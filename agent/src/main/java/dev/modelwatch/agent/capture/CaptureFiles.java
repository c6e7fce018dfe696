package dev.modelwatch.agent.capture;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The rotating capture files of one model in its directory, named as {@link CaptureFileNames} says
 * ({@code n} counts the files this writer began). A file is closed before a write would take it
 * beyond {@code maxBytes} (a single call larger than that gets a file of its own). Before a file is
 * begun, the model's oldest files are deleted so that the directory never holds more than {@code
 * maxFiles} of them, files left by earlier runs included. Each call's lines go to the file in one
 * write, unbuffered: what a write returned is in the file. Writer thread only.
 */
final class CaptureFiles {
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

  private final Path directory;
  private final String model;
  private final long maxBytes;
  private final int maxFiles;
  private final LongSupplier clock;
  private OutputStream out;
  private Path current;
  private long size;
  private int begun;

  CaptureFiles(Path directory, String model, long maxBytes, int maxFiles, LongSupplier clock) {
    this.directory = directory;
    this.model = model;
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
    this.clock = clock;
  }

  Path directory() {
    return directory;
  }

  /** Appends one call's lines, beginning a new file first when they would not fit. */
  void write(byte[] lines) throws IOException {
    if (out != null && size > 0 && size + lines.length > maxBytes) {
      close();
    }
    if (out == null) {
      begin();
    }
    out.write(lines);
    size += lines.length;
  }

  /** Closes the file being written, if any; the next write begins a new one. */
  void close() {
    OutputStream open = out;
    out = null;
    current = null;
    if (open != null) {
      try {
        open.close();
      } catch (IOException e) {
        // nothing is buffered: every write has already reached the file or failed
      }
    }
  }

  private void begin() throws IOException {
    Files.createDirectories(directory);
    prune(maxFiles - 1);
    while (true) {
      begun++;
      Path file =
          directory.resolve(
              model
                  + "-"
                  + NAME_TIME.format(java.time.Instant.ofEpochMilli(clock.getAsLong()))
                  + "-"
                  + String.format(Locale.ROOT, "%06d", begun % 1_000_000)
                  + ".jsonl");
      try {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        current = file;
        size = 0;
        return;
      } catch (FileAlreadyExistsException e) {
        // a file of an earlier run begun in the same millisecond: take the next number
      }
    }
  }

  /** Deletes this model's oldest files until at most {@code keep} remain. */
  private void prune(int keep) throws IOException {
    List<Path> files = files();
    for (int i = 0; i < files.size() - keep; i++) {
      if (!files.get(i).equals(current)) {
        Files.deleteIfExists(files.get(i));
      }
    }
  }

  /** This model's capture files in the directory, oldest first. */
  List<Path> files() throws IOException {
    return CaptureFileNames.list(directory, model);
  }
}
