package dev.modelwatch.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * File paths written in a config file: relative ones resolve against the directory of that file.
 */
final class ConfigPaths {
  private ConfigPaths() {}

  /**
   * @param source the config file, or null (config given inline: relative paths stay relative)
   * @throws InvalidPathException when {@code text} is no valid path
   */
  static Path resolve(String text, Path source) {
    Path file = Path.of(text.trim());
    if (!file.isAbsolute() && source != null) {
      Path directory = source.toAbsolutePath().getParent();
      file = directory == null ? file : directory.resolve(file);
    }
    return file.normalize();
  }
}
