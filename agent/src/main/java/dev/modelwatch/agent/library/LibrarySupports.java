package dev.modelwatch.agent.library;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.config.LibraryCatalog;
import dev.modelwatch.extension.LibrarySupport;
import dev.modelwatch.extension.MethodHook;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.JarFile;

/**
 * The library supports of this agent: the built-in presets in the agent jar and those of the
 * extension jars named by {@code extensions=}, all found with {@link ServiceLoader}. The core names
 * no library: a config's {@code library:} is looked up here. A support that cannot be loaded is
 * said, with the jar and what to fix, and left out; the agent and the application go on.
 */
public final class LibrarySupports {
  private final Map<String, LibrarySupport> byLibrary;
  private final Map<String, String> origin;

  private LibrarySupports(Map<String, LibrarySupport> byLibrary, Map<String, String> origin) {
    this.byLibrary = byLibrary;
    this.origin = origin;
  }

  /** The built-in supports only. */
  public static LibrarySupports builtIn() {
    return load(List.of(), problem -> {});
  }

  /**
   * The built-in supports, then those of each extension jar in order; a library name already taken
   * keeps its first support.
   *
   * @param problems told of each jar or support that could not be loaded, with the message already
   *     said
   */
  public static LibrarySupports load(
      List<Path> extensions, java.util.function.Consumer<String> problems) {
    Map<String, LibrarySupport> byLibrary = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    ClassLoader agent = LibrarySupports.class.getClassLoader();
    add(
        ServiceLoader.load(LibrarySupport.class, agent),
        "the agent jar",
        byLibrary,
        origin,
        problems,
        null);
    for (Path jar : extensions) {
      ClassLoader loader = extensionLoader(jar, agent, problems);
      if (loader != null) {
        add(
            ServiceLoader.load(LibrarySupport.class, loader),
            jar.toString(),
            byLibrary,
            origin,
            problems,
            loader);
      }
    }
    return new LibrarySupports(byLibrary, origin);
  }

  private static ClassLoader extensionLoader(
      Path jar, ClassLoader parent, java.util.function.Consumer<String> problems) {
    String problem = null;
    if (!Files.isRegularFile(jar)) {
      problem = "the file does not exist (working directory: " + Path.of("").toAbsolutePath() + ")";
    } else {
      try (JarFile file = new JarFile(jar.toFile())) {
        if (file.getEntry("META-INF/services/" + LibrarySupport.class.getName()) == null) {
          problem =
              "it declares no library support: add META-INF/services/"
                  + LibrarySupport.class.getName()
                  + " naming your LibrarySupport class";
        }
      } catch (IOException | SecurityException e) {
        problem = "it is not a readable jar (" + e.getMessage() + ")";
      }
    }
    if (problem == null) {
      try {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, parent);
      } catch (MalformedURLException e) {
        problem = "its path is not a URL (" + e.getMessage() + ")";
      }
    }
    say(
        problems,
        "extension jar "
            + jar
            + " is not loaded: "
            + problem
            + ". The agent runs with its built-in"
            + " libraries; models of this jar's libraries are reported as unknown libraries.");
    return null;
  }

  /**
   * Adds the supports {@code found} defines itself (a child loader also sees its parent's
   * services).
   */
  private static void add(
      ServiceLoader<LibrarySupport> found,
      String from,
      Map<String, LibrarySupport> byLibrary,
      Map<String, String> origin,
      java.util.function.Consumer<String> problems,
      ClassLoader own) {
    Iterator<LibrarySupport> supports = found.iterator();
    while (true) {
      LibrarySupport support;
      try {
        if (!supports.hasNext()) {
          break;
        }
        support = supports.next();
      } catch (ServiceConfigurationError | LinkageError e) {
        say(
            problems,
            "a library support in "
                + from
                + " cannot be loaded: "
                + e.getMessage()
                + (e.getCause() == null ? "" : " (" + e.getCause() + ")")
                + ". Check that the class named in META-INF/services/"
                + LibrarySupport.class.getName()
                + " exists in the jar, is public and has a public no-argument constructor, and that the jar was built"
                + " against this agent's extension API.");
        continue;
      }
      if (own != null && support.getClass().getClassLoader() != own) {
        continue; // the agent's own, seen again through the extension's parent
      }
      String library;
      try {
        library = support.library();
        check(support);
      } catch (RuntimeException | LinkageError e) {
        say(
            problems,
            "library support "
                + support.getClass().getName()
                + " in "
                + from
                + " is not usable: "
                + e
                + ". It is left out.");
        continue;
      }
      if (byLibrary.containsKey(library)) {
        say(
            problems,
            "library support "
                + support.getClass().getName()
                + " in "
                + from
                + " names library '"
                + library
                + "', which "
                + origin.get(library)
                + " already provides; it is left out. Give it a name"
                + " of its own.");
        continue;
      }
      byLibrary.put(library, support);
      origin.put(library, from);
    }
  }

  /** What the config loader and the installer rely on: a name, library classes, a predict hook. */
  private static void check(LibrarySupport support) {
    String library = support.library();
    if (library == null || !library.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException(
          "library() must be a lower-case name ([a-z][a-z0-9_]*), found " + library);
    }
    if (support.libraryClasses().isEmpty()) {
      throw new IllegalArgumentException(
          "libraryClasses() is empty: name at least one class the library has");
    }
    if (support.hooks().stream().noneMatch(h -> h.role() == MethodHook.Role.PREDICT)) {
      throw new IllegalArgumentException(
          "hooks() has no PREDICT hook: name the method whose calls are predictions");
    }
    support.selectors();
  }

  private static void say(java.util.function.Consumer<String> problems, String message) {
    AgentLog.warn(message);
    problems.accept(message);
  }

  /** The libraries a config may name, for the config loader. */
  public LibraryCatalog catalog() {
    return LibraryCatalog.of(byLibrary.values());
  }

  /** The support of {@code library}, or null. */
  public LibrarySupport forLibrary(String library) {
    return byLibrary.get(library);
  }

  /** Where {@code library}'s support came from: "the agent jar" or an extension jar's path. */
  public String origin(String library) {
    return origin.get(library);
  }

  public List<LibrarySupport> all() {
    return List.copyOf(byLibrary.values());
  }
}
