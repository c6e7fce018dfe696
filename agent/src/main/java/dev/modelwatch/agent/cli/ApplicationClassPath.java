package dev.modelwatch.agent.cli;

import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The application's class path given to {@code check-config --classpath}, in the syntax of {@code
 * java -cp}: entries separated by the platform's path separator, each a jar or a directory of
 * classes; an entry {@code dir/*} stands for every {@code .jar} file in {@code dir} (not its
 * subdirectories). Unlike {@code java}, an entry that does not exist is an error: a checker that
 * skipped it would report every class in it as missing.
 */
final class ApplicationClassPath {
  private static final String VERSIONS = "META-INF/versions/";

  private final List<Path> entries;

  private ApplicationClassPath(List<Path> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * @throws IllegalArgumentException naming the entry that is missing or unreadable
   */
  static ApplicationClassPath parse(String text) {
    List<Path> entries = new ArrayList<>();
    for (String entry : text.split(File.pathSeparator, -1)) {
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.equals("*") || entry.endsWith(File.separator + "*") || entry.endsWith("/*")) {
        Path directory =
            Path.of(entry.length() == 1 ? "." : entry.substring(0, entry.length() - 2));
        if (!Files.isDirectory(directory)) {
          throw new IllegalArgumentException(directory + " is not a directory (in " + entry + ")");
        }
        entries.addAll(jarsIn(directory));
        continue;
      }
      Path path = Path.of(entry);
      if (!Files.exists(path)) {
        throw new IllegalArgumentException(entry + " does not exist");
      }
      if (!Files.isReadable(path)) {
        throw new IllegalArgumentException(entry + " cannot be read by this user");
      }
      entries.add(path);
    }
    return new ApplicationClassPath(entries);
  }

  private static List<Path> jarsIn(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(file -> file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jar"))
          .filter(Files::isRegularFile)
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list " + directory + ": " + e.getMessage(), e);
    }
  }

  List<Path> entries() {
    return entries;
  }

  /**
   * A loader of the application's classes alone: its parent is the platform class loader, so the
   * JDK's classes are found and this tool's own are not.
   */
  URLClassLoader loader() {
    List<URL> urls = new ArrayList<>();
    for (Path entry : entries) {
      try {
        urls.add(entry.toAbsolutePath().toUri().toURL());
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException(
            entry + " is not a usable class path entry: " + e.getMessage(), e);
      }
    }
    return new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
  }

  /** Every class named in the entries (anonymous and local classes left out), for suggestions. */
  Set<String> classNames() {
    Set<String> names = new LinkedHashSet<>();
    for (Path entry : entries) {
      try {
        if (Files.isDirectory(entry)) {
          try (Stream<Path> files = Files.walk(entry)) {
            files.forEach(
                file ->
                    addName(
                        names, entry.relativize(file).toString().replace(File.separatorChar, '/')));
          }
        } else {
          try (JarFile jar = new JarFile(entry.toFile())) {
            for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
              addName(names, e.nextElement().getName());
            }
          }
        }
      } catch (IOException | RuntimeException e) {
        // an unreadable entry only makes suggestions poorer; loading reports what matters
      }
    }
    return names;
  }

  private static void addName(Set<String> names, String resource) {
    if (!resource.endsWith(".class")) {
      return;
    }
    String path = resource;
    if (path.startsWith(
        VERSIONS)) { // a multi-release jar's META-INF/versions/17/com/acme/Scorer.class
      int slash = path.indexOf('/', VERSIONS.length());
      path = slash < 0 ? path : path.substring(slash + 1);
    }
    String name = path.substring(0, path.length() - ".class".length()).replace('/', '.');
    if (name.endsWith("module-info") || name.endsWith("package-info") || isAnonymousOrLocal(name)) {
      return;
    }
    names.add(name);
  }

  /** {@code Outer$1}, {@code Outer$1Local}: classes no config can name. */
  private static boolean isAnonymousOrLocal(String name) {
    for (int dollar = name.indexOf('$'); dollar >= 0; dollar = name.indexOf('$', dollar + 1)) {
      if (dollar + 1 < name.length() && Character.isDigit(name.charAt(dollar + 1))) {
        return true;
      }
    }
    return false;
  }
}
