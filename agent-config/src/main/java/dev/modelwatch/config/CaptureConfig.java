package dev.modelwatch.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Payload capture of one model: a share of its successful calls written, off the prediction thread,
 * as JSON lines to rotating files in a directory, with the values of some features replaced by a
 * keyed hash.
 */
public final class CaptureConfig {
  static final double DEFAULT_SAMPLE = 0.01;
  static final long DEFAULT_MAX_FILE = 64L << 20;
  static final int DEFAULT_MAX_FILES = 20;

  /** The smallest {@code max_file}: one file must hold a few calls. */
  static final long MIN_MAX_FILE = 1024;

  private final double sample;
  private final Path path;
  private final long maxFileBytes;
  private final int maxFiles;
  private final List<String> redact;
  private final Path redactKeyFile;
  private final String redactKeyEnv;

  CaptureConfig(
      double sample,
      Path path,
      long maxFileBytes,
      int maxFiles,
      List<String> redact,
      Path redactKeyFile,
      String redactKeyEnv) {
    this.sample = sample;
    this.path = path;
    this.maxFileBytes = maxFileBytes;
    this.maxFiles = maxFiles;
    this.redact = List.copyOf(redact);
    this.redactKeyFile = redactKeyFile;
    this.redactKeyEnv = redactKeyEnv;
  }

  /** Share of successful calls captured, in (0, 1], drawn independently of {@code sampling}. */
  public double sample() {
    return sample;
  }

  /**
   * The directory the files go to (created when absent); relative paths are resolved against the
   * config file's directory.
   */
  public Path path() {
    return path;
  }

  /** A file is closed and a new one begun before it would grow beyond this many bytes. */
  public long maxFileBytes() {
    return maxFileBytes;
  }

  /** Files of this model kept in {@link #path}; the oldest beyond it are deleted. */
  public int maxFiles() {
    return maxFiles;
  }

  /** Names of the features whose values are written as a keyed hash; empty when none. */
  public List<String> redact() {
    return redact;
  }

  /** The file holding the redaction key, or null. */
  public Path redactKeyFile() {
    return redactKeyFile;
  }

  /** The environment variable holding the redaction key, or null. */
  public String redactKeyEnv() {
    return redactKeyEnv;
  }

  @Override
  public String toString() {
    return "CaptureConfig{sample="
        + sample
        + ", path="
        + path
        + ", max_file="
        + maxFileBytes
        + ", max_files="
        + maxFiles
        + (redact.isEmpty() ? "" : ", redact=" + redact)
        + (redactKeyFile == null ? "" : ", redact_key_file=" + redactKeyFile)
        + (redactKeyEnv == null ? "" : ", redact_key_env=" + redactKeyEnv)
        + '}';
  }
}
