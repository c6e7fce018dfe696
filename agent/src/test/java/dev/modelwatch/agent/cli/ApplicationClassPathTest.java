package dev.modelwatch.agent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check-config --classpath}: the {@code java -cp} syntax, and the class names listed for
 * suggestions.
 */
class ApplicationClassPathTest {
  @TempDir Path dir;

  @Test
  void aWildcardStandsForTheJarsOfItsDirectoryOnly() throws IOException {
    Path lib = Files.createDirectories(dir.resolve("lib"));
    jar(lib.resolve("b.jar"), "com/acme/B.class");
    jar(lib.resolve("a.JAR"), "com/acme/A.class");
    Files.writeString(lib.resolve("notes.txt"), "not a jar");
    jar(Files.createDirectories(lib.resolve("nested")).resolve("c.jar"), "com/acme/C.class");
    ApplicationClassPath classPath = ApplicationClassPath.parse(lib + File.separator + "*");
    assertEquals(List.of(lib.resolve("a.JAR"), lib.resolve("b.jar")), classPath.entries());
  }

  @Test
  void entriesAreSeparatedByThePathSeparatorAndEmptyOnesAreSkipped() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Path app = jar(dir.resolve("app.jar"), "com/acme/App.class");
    ApplicationClassPath classPath =
        ApplicationClassPath.parse(app + File.pathSeparator + File.pathSeparator + classes);
    assertEquals(List.of(app, classes), classPath.entries());
  }

  @Test
  void aMissingEntryOrWildcardDirectoryIsRefused() {
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> ApplicationClassPath.parse(dir.resolve("no.jar").toString()));
    assertEquals(dir.resolve("no.jar") + " does not exist", missing.getMessage());
    IllegalArgumentException noDirectory =
        assertThrows(
            IllegalArgumentException.class,
            () -> ApplicationClassPath.parse(dir.resolve("libs") + "/*"));
    assertEquals(
        dir.resolve("libs") + " is not a directory (in " + dir.resolve("libs") + "/*)",
        noDirectory.getMessage());
  }

  @Test
  void classNamesComeFromJarsAndDirectoriesWithoutAnonymousOrVersionedDuplicates()
      throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes/com/acme"));
    Files.write(classes.resolve("Scorer.class"), new byte[0]);
    Files.write(classes.resolve("Scorer$1.class"), new byte[0]);
    Files.write(classes.resolve("package-info.class"), new byte[0]);
    Path app =
        jar(
            dir.resolve("app.jar"),
            "com/acme/Outer$Inner.class",
            "META-INF/versions/17/com/acme/Outer$Inner.class",
            "module-info.class",
            "com/acme/readme.txt");
    ApplicationClassPath classPath =
        ApplicationClassPath.parse(dir.resolve("classes") + File.pathSeparator + app);
    assertEquals(Set.of("com.acme.Scorer", "com.acme.Outer$Inner"), classPath.classNames());
  }

  private static Path jar(Path file, String... entries) throws IOException {
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file))) {
      for (String entry : entries) {
        jar.putNextEntry(new JarEntry(entry));
        jar.closeEntry();
      }
    }
    return file;
  }
}
