package dev.modelwatch.agent;

import dev.modelwatch.agent.instrument.InstrumentationWarmUp;
import java.lang.instrument.Instrumentation;

/**
 * Entry points of the agent jar: {@code premain} (-javaagent), {@code agentmain} (attach to a
 * running JVM) and {@code main} (the command line tools). Start-up never throws into the JVM: a
 * failure is reported and the application runs on without monitoring.
 */
public final class ModelWatchAgent {
  private static boolean started;

  private ModelWatchAgent() {}

  public static void premain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation);
  }

  public static void agentmain(String arguments, Instrumentation instrumentation) {
    start(arguments, instrumentation);
  }

  public static void main(String[] args) {
    System.exit(Cli.run(args, System.out, System.err));
  }

  private static synchronized void start(String arguments, Instrumentation instrumentation) {
    if (started) {
      AgentLog.warn("the agent is already running in this JVM; the second start is ignored");
      return;
    }
    started = true;
    long startNanos = System.nanoTime();
    try {
      // Byte Buddy's set-up is loaded beside the bridge injection and the reading of the config
      InstrumentationWarmUp warmUp = InstrumentationWarmUp.start();
      try {
        BootstrapInjector.inject(instrumentation);
        warmUp.bridgeInjected();
      } finally {
        warmUp.bridgeFailed(); // no effect once injected
      }
      AgentInstaller.install(arguments, instrumentation, startNanos, warmUp);
    } catch (AgentInstaller.StrictModeFailure e) {
      AgentLog.error(e.getMessage(), null);
      System.exit(78); // EX_CONFIG
    } catch (Throwable t) {
      AgentLog.error("the agent could not start; the application runs WITHOUT model monitoring", t);
    }
  }
}
