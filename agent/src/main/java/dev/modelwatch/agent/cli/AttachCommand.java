package dev.modelwatch.agent.cli;

import dev.modelwatch.agent.ModelWatchAgent;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * {@code attach PID [ARGS]}: loads this jar as an agent into a running JVM. A relative {@code
 * config=} path is made absolute first, since the target JVM has its own working directory.
 */
public final class AttachCommand {
  private AttachCommand() {}

  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length < 1 || args.length > 2 || !args[0].matches("\\d+")) {
      err.println("Usage: java -jar modelwatch-agent.jar attach PID [config=PATH,port=N,host=H]");
      err.println("PID is the process id of the running JVM (see `jps -l`).");
      return 2;
    }
    String pid = args[0];
    String agentArguments = args.length == 2 ? absoluteConfig(args[1]) : null;
    File jar;
    try {
      jar =
          new File(
              ModelWatchAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      err.println("Cannot locate the agent jar: " + e);
      return 1;
    }
    String expected = ModelWatchAgent.startedBy("attach", agentArguments);
    String running;
    try (TargetJvm target = TargetJvm.attach(pid)) {
      // one agent per JVM: a second start is ignored there, so say so here instead of "Attached"
      String before = target.systemProperty(ModelWatchAgent.RUNNING_PROPERTY);
      if (before != null) {
        err.println(alreadyRunning(pid, before, agentArguments));
        return 1;
      }
      target.loadAgent(jar.getPath(), agentArguments);
      running = target.systemProperty(ModelWatchAgent.RUNNING_PROPERTY);
    } catch (IOException | RuntimeException | LinkageError e) {
      err.println(
          "Cannot attach to JVM "
              + pid
              + ": "
              + e.getMessage()
              + ". The process must be a running JVM of the same user, and this command must run"
              + " on a JDK (not a JRE) of a compatible version.");
      return 1;
    }
    if (running == null) {
      err.println(
          "JVM "
              + pid
              + " loaded the agent jar but did not start ModelWatch; its standard error says why.");
      return 1;
    }
    if (!running.equals(expected)) { // another start came first
      err.println(alreadyRunning(pid, running, agentArguments));
      return 1;
    }
    out.println(
        "Attached ModelWatch to JVM "
            + pid
            + (agentArguments == null ? "" : " with " + agentArguments)
            + "; its log lines (prefixed [modelwatch]) go to that JVM's standard error.");
    return 0;
  }

  private static String alreadyRunning(String pid, String running, String agentArguments) {
    return "ModelWatch is already running in JVM "
        + pid
        + " ("
        + running
        + "); it was not started again with "
        + (agentArguments == null ? "no agent arguments" : agentArguments)
        + ". A JVM runs one ModelWatch agent: edit the config file it watches (changes are applied"
        + " while it runs), or restart the JVM with the new config.";
  }

  static String absoluteConfig(String arguments) {
    StringBuilder result = new StringBuilder();
    for (String part : arguments.split(",", -1)) {
      if (result.length() > 0) {
        result.append(',');
      }
      if (part.startsWith("config=") && part.length() > "config=".length()) {
        result.append("config=").append(Path.of(part.substring(7)).toAbsolutePath().normalize());
      } else {
        result.append(part);
      }
    }
    return result.toString();
  }
}
