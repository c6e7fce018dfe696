package dev.modelwatch.testapps.rules;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads YAML (and JSON, a subset of it) into plain maps and lists, rejecting duplicate keys. */
final class YamlFiles {

  private YamlFiles() {}

  static Map<String, Object> readMap(Path file) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Object document = new Yaml(new SafeConstructor(options)).load(reader);
      if (!(document instanceof Map)) {
        throw new IllegalArgumentException(
            file + " does not hold a YAML/JSON object at its top level");
      }
      return asMap(document, file.toString());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The regular files directly in {@code dir} whose names end with one of {@code suffixes}, sorted.
   */
  static List<Path> filesEndingWith(Path dir, String... suffixes) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> Stream.of(suffixes).anyMatch(s -> f.getFileName().toString().endsWith(s)))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(Object value, String where) {
    if (!(value instanceof Map)) {
      throw new IllegalArgumentException(where + " is not an object: " + value);
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> asList(Object value, String where) {
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List)) {
      throw new IllegalArgumentException(where + " is not a list: " + value);
    }
    return (List<Object>) value;
  }
}
