package dev.modelwatch.agent.capture;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The names of a model's capture files, {@code <model>-<yyyyMMdd-HHmmss-SSS>-<n>.jsonl}: the UTC
 * time the file was begun and a six-digit count, so that the names sort in the order the files were
 * written.
 */
public final class CaptureFileNames {
  private CaptureFileNames() {}

  /** Matches the file names of {@code model}'s capture files, and no other model's. */
  public static Pattern pattern(String model) {
    return Pattern.compile(Pattern.quote(model) + "-\\d{8}-\\d{6}-\\d{3}-\\d{6}\\.jsonl");
  }

  /** {@code model}'s capture files in {@code directory}, oldest first. */
  public static List<Path> list(Path directory, String model) throws IOException {
    Pattern names = pattern(model);
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        if (names.matcher(entry.getFileName().toString()).matches()) {
          files.add(entry);
        }
      }
    }
    Collections.sort(files);
    return files;
  }
}
