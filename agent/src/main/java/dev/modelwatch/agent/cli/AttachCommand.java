package dev.modelwatch.agent.cli;

import dev.modelwatch.agent.ModelWatchAgent;
import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * {@code attach PID [ARGS]}: loads this jar as an agent into a running JVM. A relative
 * {@code config=} path is made absolute first, since the target JVM has its own working directory.
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
      jar = new File(ModelWatchAgent.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | RuntimeException e) {
      err.println("Cannot locate the agent jar: " + e);
      return 1;
    }
    try {
      ByteBuddyAgent.attach(jar, pid, agentArguments);
    } catch (RuntimeException e) {
      err.println(
          "Cannot attach to JVM "
              + pid
              + ": "
              + e.getMessage()
              + ". The process must be a running JVM of the same user, and this command must run"
              + " on a JDK (not a JRE) of a compatible version.");
      return 1;
    }
    out.println(
        "Attached ModelWatch to JVM "
            + pid
            + (agentArguments == null ? "" : " with " + agentArguments)
            + "; its log lines (prefixed [modelwatch]) go to that JVM's standard error.");
    return 0;
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
