package dev.modelwatch.agent.cli;

import dev.modelwatch.agent.instrument.LibraryPreset;
import dev.modelwatch.agent.instrument.LibraryPresets;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ClassPathCheck;
import dev.modelwatch.config.ConfigException;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.Durations;
import dev.modelwatch.config.InterceptConfig;
import dev.modelwatch.config.ModelConfig;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code check-config [--classpath CP] FILE}: the problems of a config, or a summary of what it
 * instruments. With the application's class path, the classes and methods the config names are
 * also looked up there, loaded but never initialized, so none of the application's code runs.
 */
public final class CheckConfigCommand {
  static final String USAGE =
      "Usage: java -jar modelwatch-agent.jar check-config [--classpath CLASSPATH] FILE";

  private CheckConfigCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    String file = null;
    String classPathText = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
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
    AgentConfig config;
    try {
      config = ConfigLoader.load(Path.of(file));
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 1;
    }
    ClassPathCheck.Result found = null;
    if (classPath != null) {
      found = checkClassPath(config, classPath);
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
      out.println(
          "Class path: "
              + found.methodsFound()
              + " intercepted method(s) found"
              + (found.librariesFound().isEmpty()
                  ? ""
                  : "; libraries found: " + String.join(", ", found.librariesFound()))
              + ".");
    }
    if (config.push() != null) {
      out.println("Push: " + config.push().gateway() + " as job " + config.push().job()
          + (config.push().grouping().isEmpty() ? "" : " with " + config.push().grouping())
          + (config.push().grouping().containsKey("instance") ? "" : ", instance = host name:process id")
          + ", every " + Durations.format(config.push().interval()) + " and at exit");
    }
    if (!config.server().enabled()) {
      out.println("Metrics endpoint: off (server port off)");
    } else out.println(
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
      out.println("  " + model.name() + ": " + describe(model.intercept()));
      out.println(
          "    "
              + model.features().size()
              + " feature(s), "
              + model.outputs().size()
              + " output(s), sampling "
              + model.sampling()
              + (model.baseline() == null ? ", no baseline" : ", baseline " + model.baseline().file()));
    }
    return 0;
  }

  private static int usage(PrintStream err) {
    err.println(USAGE);
    err.println(
        "CLASSPATH is the application's class path as java -cp takes it (app.jar"
            + File.pathSeparator
            + "lib/*): the classes and methods the config names are looked up there.");
    return 2;
  }

  private static ClassPathCheck.Result checkClassPath(AgentConfig config, ApplicationClassPath classPath) {
    Map<String, String> libraryClasses = new LinkedHashMap<>();
    for (InterceptConfig.Kind kind : InterceptConfig.Kind.values()) {
      LibraryPreset preset = LibraryPresets.forKind(kind);
      if (preset != null) {
        libraryClasses.put(preset.library(), preset.libraryClass());
      }
    }
    String yaml;
    try {
      yaml = Files.readString(config.source(), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      yaml = ""; // only the line numbers are lost
    }
    try (URLClassLoader loader = classPath.loader()) {
      return new ClassPathCheck(loader, classPath::classNames, libraryClasses).check(config, yaml);
    } catch (IOException e) { // from closing the loader, once the check is done
      throw new UncheckedIOException(e);
    }
  }

  static String describe(InterceptConfig intercept) {
    switch (intercept.kind()) {
      case METHOD:
        return "intercepts "
            + intercept.className()
            + "#"
            + intercept.method()
            + "("
            + (intercept.parameters() == null ? "any parameters" : String.join(", ", intercept.parameters()))
            + ") in that type and its subtypes";
      case ONNXRUNTIME:
        return "ONNX Runtime sessions"
            + (intercept.modelPath() == null ? "" : " whose model path matches " + intercept.modelPath());
      case DJL:
        return "DJL predictors" + (intercept.modelName() == null ? "" : " of model " + intercept.modelName());
      case TRIBUO:
        return "Tribuo models" + (intercept.modelClass() == null ? "" : " of class " + intercept.modelClass());
      default:
        return intercept.kind().toString();
    }
  }
}
