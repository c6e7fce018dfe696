package dev.modelwatch.agent;

import java.lang.instrument.Instrumentation;

/**
 * Entry points of the agent jar: {@code premain} (-javaagent), {@code agentmain} (attach to a
 * running JVM) and {@code main} (the command line tools). Start-up never throws into the JVM: a
 * failure is reported and the application runs on without monitoring.
 */
public final class ModelWatchAgent {
  /**
   * Set in the JVM by the start in force, to {@link #startedBy}: the attach command reads it back
   * through the attach API, so a start this JVM ignores is reported where it was asked for.
   */
  public static final String RUNNING_PROPERTY = "modelwatch.agent.running";

  private static boolean started;

  private ModelWatchAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation, "-javaagent");
  }

  public static void agentmain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation, "attach");
  }

  public static void main(String[] args) {
    System.exit(Cli.run(args, System.out, System.err));
  }

  /**
   * How a start is described in {@link #RUNNING_PROPERTY}: {@code started by attach with
   * config=...}.
   */
  public static String startedBy(String how, String arguments) {
    return "started by "
        + how
        + (arguments == null || arguments.isEmpty()
            ? " with no agent arguments"
            : " with " + arguments);
  }

  private static synchronized void start(
      String arguments, Instrumentation instrumentation, String how) {
    if (started) {
      AgentLog.warn(
          "the agent is already running in this JVM ("
              + System.getProperty(RUNNING_PROPERTY)
              + "); the second start ("
              + startedBy(how, arguments)
              + ") is ignored");
      return;
    }
    started = true;
    try {
      System.setProperty(RUNNING_PROPERTY, startedBy(how, arguments));
    } catch (
        Throwable t) { // a security manager may refuse; only the attach command's report is lost
      AgentLog.warn("cannot set the system property " + RUNNING_PROPERTY + " (" + t + ")");
    }
    long startNanos = System.nanoTime();
    try {
      boolean atJvmStart = how.equals("-javaagent");
      BootstrapInjector.inject(instrumentation);
      AgentInstaller.install(arguments, instrumentation, startNanos, atJvmStart);
    } catch (AgentInstaller.StrictModeFailure e) {
      AgentLog.error(e.getMessage(), null);
      System.exit(78); // EX_CONFIG
    } catch (Throwable t) {
      AgentLog.error("the agent could not start; the application runs WITHOUT model monitoring", t);
    }
  }
}
