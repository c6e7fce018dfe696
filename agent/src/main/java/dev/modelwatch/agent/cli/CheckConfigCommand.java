package dev.modelwatch.agent.cli;

import dev.modelwatch.agent.library.LibrarySupports;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ClassPathCheck;
import dev.modelwatch.config.ConfigException;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.Durations;
import dev.modelwatch.config.InterceptConfig;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.extension.LibrarySupport;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code check-config [--classpath CP] [--extensions JARS] FILE}: the problems of a config, or a
 * summary of what it instruments; libraries of the extension jars are known as at run time. With
 * the application's class path, the classes and methods the config names are also looked up there,
 * loaded but never initialized, so none of the application's code runs.
 */
public final class CheckConfigCommand {
  static final String USAGE =
      "Usage: java -jar modelwatch-agent.jar check-config [--classpath CLASSPATH] [--extensions A.jar"
          + File.pathSeparator
          + "B.jar] FILE";

  private CheckConfigCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    String file = null;
    String classPathText = null;
    String extensionsText = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--extensions")) {
        if (i + 1 == args.length || extensionsText != null) {
          return usage(err);
        }
        extensionsText = args[++i];
        continue;
      }
      if (arg.equals("--classpath") || arg.equals("--class-path") || arg.equals("-cp")) {
        if (i + 1 == args.length || classPathText != null) {
          return usage(err);
        }
        classPathText = args[++i];
      } else if (arg.startsWith("--classpath=") || arg.startsWith("--class-path=")) {
        if (classPathText != null) {
          return usage(err);
        }
        classPathText = arg.substring(arg.indexOf('=') + 1);
      } else if (file == null && !arg.startsWith("-")) {
        file = arg;
      } else {
        return usage(err);
      }
    }
    if (file == null) {
      return usage(err);
    }
    ApplicationClassPath classPath = null;
    if (classPathText != null) {
      try {
        classPath = ApplicationClassPath.parse(classPathText);
      } catch (IllegalArgumentException e) {
        err.println("--classpath: " + e.getMessage());
        return 2;
      }
    }
    List<Path> extensions = new ArrayList<>();
    if (extensionsText != null) {
      for (String jar : extensionsText.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
        if (!jar.isBlank()) {
          extensions.add(Path.of(jar.trim()));
        }
      }
    }
    List<String> extensionProblems = new ArrayList<>();
    LibrarySupports supports = LibrarySupports.load(extensions, extensionProblems::add);
    if (!extensionProblems.isEmpty()) {
      return 1; // each said on the agent's log (stderr)
    }
    AgentConfig config;
    try {
      config = ConfigLoader.load(Path.of(file), supports.catalog());
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 1;
    }
    ClassPathCheck.Result found = null;
    if (classPath != null) {
      found = checkClassPath(config, classPath, supports);
      if (!found.problems().isEmpty()) {
        err.println(
            new ConfigException(
                    file,
                    found.problems(),
                    "Classes and methods were looked up on the "
                        + classPath.entries().size()
                        + " entries of --classpath (loaded, never initialized).")
                .getMessage());
        return 1;
      }
    }
    out.println(file + " is valid.");
    if (found != null) {
      ClassPathCheck.Result classPathFound = found;
      List<String> parts = new ArrayList<>();
      if (classPathFound.methodsFound() > 0 || classPathFound.librariesFound().isEmpty()) {
        parts.add(classPathFound.methodsFound() + " intercepted method(s) found");
      }
      if (!classPathFound.librariesFound().isEmpty()) {
        parts.add("libraries found: " + String.join(", ", classPathFound.librariesFound()));
      }
      out.println("Class path: " + String.join("; ", parts) + ".");
    }
    if (config.push() != null) {
      out.println(
          "Push: "
              + config.push().gateway()
              + " as job "
              + config.push().job()
              + (config.push().grouping().isEmpty() ? "" : " with " + config.push().grouping())
              + (config.push().grouping().containsKey("instance")
                  ? ""
                  : ", instance = host name:process id")
              + ", every "
              + Durations.format(config.push().interval())
              + " and at exit");
    }
    if (!config.server().enabled()) {
      out.println("Metrics endpoint: off (server port off)");
    } else
      out.println(
          "Metrics endpoint: "
              + (config.server().tls() == null ? "http://" : "https://")
              + config.server().host()
              + ":"
              + config.server().port()
              + "/metrics (JVM metrics "
              + (config.server().jvmMetrics() ? "on" : "off")
              + (config.server().auth() == null ? "" : ", basic authentication")
              + ")");
    out.println("Models (" + config.models().size() + "):");
    for (ModelConfig model : config.models()) {
      out.println("  " + model.name() + ": " + describe(model.intercept(), supports));
      String discovery = discovery(model, supports);
      out.println(
          "    "
              + (discovery != null
                  ? "features discovered at the first call " + discovery
                  : model.features().size() + " feature(s)")
              + ", "
              + model.outputs().size()
              + " output(s), sampling "
              + model.sampling()
              + (model.baseline() == null
                  ? ", no baseline"
                  : ", baseline " + model.baseline().file()));
    }
    return 0;
  }

  /** Where a library model's features come from when it lists none, or null. */
  private static String discovery(ModelConfig model, LibrarySupports supports) {
    if (!model.features().isEmpty() || model.intercept().kind() != InterceptConfig.Kind.LIBRARY) {
      return null;
    }
    LibrarySupport support = supports.forLibrary(model.intercept().library());
    return support == null ? null : support.featureDiscovery();
  }

  private static int usage(PrintStream err) {
    err.println(USAGE);
    err.println(
        "CLASSPATH is the application's class path as java -cp takes it (app.jar"
            + File.pathSeparator
            + "lib/*): the classes and methods the config names are looked up there.");
    return 2;
  }

  private static ClassPathCheck.Result checkClassPath(
      AgentConfig config, ApplicationClassPath classPath, LibrarySupports supports) {
    String yaml;
    try {
      yaml = Files.readString(config.source(), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      yaml = ""; // only the line numbers are lost
    }
    try (URLClassLoader loader = classPath.loader()) {
      return new ClassPathCheck(loader, classPath::classNames, supports.catalog())
          .check(config, yaml);
    } catch (IOException e) { // from closing the loader, once the check is done
      throw new UncheckedIOException(e);
    }
  }

  static String describe(InterceptConfig intercept, LibrarySupports supports) {
    if (intercept.kind() == InterceptConfig.Kind.METHOD) {
      return "intercepts "
          + intercept.className()
          + "#"
          + intercept.method()
          + "("
          + (intercept.parameters() == null
              ? "any parameters"
              : String.join(", ", intercept.parameters()))
          + ") in that type and its subtypes";
    }
    LibrarySupport support = supports.forLibrary(intercept.library());
    String library = support == null ? intercept.library() : support.displayName();
    if (intercept.selectors().isEmpty()) {
      return library + " models, every instance";
    }
    List<String> selectors = new ArrayList<>();
    intercept.selectors().forEach((key, value) -> selectors.add(key + " " + value));
    return library + " models whose " + String.join(" and ", selectors);
  }
}
