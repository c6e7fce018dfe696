package dev.modelwatch.testapps.rules;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The top directory of the ModelWatch checkout. Maven runs a module's tests with the module as
 * working directory, an IDE often with the checkout, so the root is found by walking up rather than
 * assumed.
 */
public final class RepositoryRoot {

  private RepositoryRoot() {}

  /**
   * The nearest directory at or above the working directory holding both {@code alerts/} and {@code
   * pom.xml}.
   */
  public static Path find() {
    Path start = Paths.get("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("alerts")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "No directory holding both alerts/ and pom.xml at or above "
            + start
            + ": run the tests from inside the ModelWatch checkout.");
  }
}
