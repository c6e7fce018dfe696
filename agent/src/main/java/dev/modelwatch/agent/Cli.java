package dev.modelwatch.agent;

import dev.modelwatch.agent.baseline.BaselineCommand;
import dev.modelwatch.agent.cli.AttachCommand;
import dev.modelwatch.agent.cli.CheckConfigCommand;
import dev.modelwatch.agent.cli.HashPasswordCommand;
import java.io.PrintStream;
import java.util.Arrays;

/** {@code java -jar modelwatch-agent.jar COMMAND ...}: the agent jar's command line tools. */
final class Cli {
  static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Usage: java -jar modelwatch-agent.jar COMMAND [ARGS]",
          "",
          "Commands:",
          "  check-config FILE            validate a config; print its problems, or what will be instrumented",
          "    [--classpath CP]           also load (never run) the classes it names from the application's",
          "                               class path, in java -cp syntax (app.jar:lib/*), and look up their methods",
          "  attach PID [config=PATH,...] attach the agent to a running JVM (same arguments as -javaagent)",
          "  baseline --data FILE --config FILE --model NAME --out FILE",
          "                               write a model's training baseline from its training data (--help: all options)",
          "  version                      print the agent version",
          "  hash-password                read a password from stdin; print its hash for server.auth.password_hash",
          "",
          "As an agent: java -javaagent:modelwatch-agent.jar=config=modelwatch.yaml[,port=N][,host=H] -jar app.jar");

  private Cli() {}

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.println(USAGE);
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "hash-password":
        return HashPasswordCommand.run(rest, System.console(), System.in, out, err);
      case "check-config":
        return CheckConfigCommand.run(rest, out, err);
      case "attach":
        return AttachCommand.run(rest, out, err);
      case "baseline":
        return BaselineCommand.run(rest, out, err);
      case "version":
      case "--version":
        out.println("ModelWatch agent " + AgentVersion.get());
        return 0;
      case "help":
      case "--help":
      case "-h":
        out.println(USAGE);
        return 0;
      default:
        err.println("Unknown command '" + args[0] + "'.");
        err.println(USAGE);
        return 2;
    }
  }
}
