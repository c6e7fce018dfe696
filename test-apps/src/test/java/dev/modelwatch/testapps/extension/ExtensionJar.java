package dev.modelwatch.testapps.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.testapps.agent.AgentJar;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds an extension jar the way a third party would: the project's Java sources ({@code
 * src/main/java}) compiled for release 11 against the agent's extension API (the {@code
 * dev.modelwatch.extension} package of the agent jar, which is not relocated), and its resources
 * ({@code src/main/resources}, where {@code
 * META-INF/services/dev.modelwatch.extension.LibrarySupport} names the support).
 */
final class ExtensionJar {
  private ExtensionJar() {}

  static Path build(Path project, Path workDir) throws IOException {
    Path classes = Files.createDirectories(workDir.resolve("classes"));
    List<String> options =
        List.of("--release", "11", "-cp", AgentJar.path().toString(), "-d", classes.toString());
    List<File> sources;
    try (Stream<Path> files = Files.walk(project.resolve("src/main/java"))) {
      sources =
          files
              .filter(p -> p.toString().endsWith(".java"))
              .map(Path::toFile)
              .collect(Collectors.toList());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    StringWriter output = new StringWriter();
    boolean compiled;
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      compiled =
          compiler
              .getTask(
                  output, files, null, options, null, files.getJavaFileObjectsFromFiles(sources))
              .call();
    }
    assertEquals(true, compiled, "the extension does not compile:\n" + output);
    Path jar = workDir.resolve(project.getFileName() + ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      add(out, classes);
      add(out, project.resolve("src/main/resources"));
    }
    return jar;
  }

  private static void add(JarOutputStream out, Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
        out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
  }
}
