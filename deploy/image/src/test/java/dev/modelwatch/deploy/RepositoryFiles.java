package dev.modelwatch.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Files of the ModelWatch checkout, and YAML/JSON read into plain maps and lists (duplicate keys
 * rejected).
 */
final class RepositoryFiles {
  private RepositoryFiles() {}

  /**
   * The nearest directory at or above the working directory holding both {@code deploy/} and {@code
   * pom.xml}.
   */
  static Path root() {
    Path start = Paths.get("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("deploy"))
          && Files.isDirectory(dir.resolve("alerts"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "No directory holding deploy/, alerts/ and pom.xml at or above "
            + start
            + ": run the tests from inside the ModelWatch checkout.");
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + file + ": " + e, e);
    }
  }

  static Map<String, Object> yaml(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return map(newYaml().load(reader), file.toString());
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read " + file + ": " + e, e);
    }
  }

  static Map<String, Object> yaml(String text, String where) {
    return map(newYaml().load(text), where);
  }

  /** Every document of a multi-document YAML file. */
  static List<Map<String, Object>> yamlDocuments(Path file) {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Object document : newYaml().loadAll(read(file))) {
      if (document != null) {
        documents.add(map(document, file.toString()));
      }
    }
    return documents;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value, String where) {
    if (!(value instanceof Map)) {
      throw new AssertionError(where + " is not a mapping: " + value);
    }
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value, String where) {
    if (!(value instanceof List)) {
      throw new AssertionError(where + " is not a list: " + value);
    }
    return (List<Object>) value;
  }

  /** {@code map.get(k1).get(k2)...}, each step required to be a mapping. */
  static Object at(Map<String, Object> map, String... keys) {
    Object value = map;
    StringBuilder where = new StringBuilder();
    for (String key : keys) {
      value = map(value, where.length() == 0 ? "the document" : where.toString()).get(key);
      where.append(where.length() == 0 ? "" : ".").append(key);
      if (value == null) {
        throw new AssertionError(where + " is missing");
      }
    }
    return value;
  }

  private static Yaml newYaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(new SafeConstructor(options));
  }
}
