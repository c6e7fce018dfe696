package dev.modelwatch.agent.cli;

import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigException;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.InterceptConfig;
import dev.modelwatch.config.ModelConfig;
import java.io.PrintStream;
import java.nio.file.Path;

/** {@code check-config FILE}: the problems of a config, or a summary of what it instruments. */
public final class CheckConfigCommand {
  private CheckConfigCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length != 1) {
      err.println("Usage: java -jar modelwatch-agent.jar check-config FILE");
      return 2;
    }
    AgentConfig config;
    try {
      config = ConfigLoader.load(Path.of(args[0]));
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 1;
    }
    out.println(args[0] + " is valid.");
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
