package dev.modelwatch.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The baseline file of a model: read from it, or (record mode) written to it from the first rows
 * seen.
 */
public final class BaselineRef {
  public static final long DEFAULT_RECORD_ROWS = 10_000L;

  private final Path file;
  private final boolean record;
  private final long rows;

  BaselineRef(Path file, boolean record, long rows) {
    this.file = Objects.requireNonNull(file, "file");
    this.record = record;
    this.rows = rows;
  }

  /** Already resolved against the config file's directory when it was relative. */
  public Path file() {
    return file;
  }

  /** True: write the baseline from live traffic instead of reading it. */
  public boolean record() {
    return record;
  }

  /** Rows to record before the baseline is written; 0 when not recording. */
  public long rows() {
    return rows;
  }

  @Override
  public String toString() {
    return record
        ? "BaselineRef{record=" + file + ", rows=" + rows + '}'
        : "BaselineRef{" + file + '}';
  }
}
