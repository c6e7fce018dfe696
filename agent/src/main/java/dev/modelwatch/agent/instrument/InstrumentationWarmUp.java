package dev.modelwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.modelwatch.agent.AgentLog;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import net.bytebuddy.agent.builder.AgentBuilder;
import java.lang.instrument.ClassFileTransformer;

/**
 * Loads and initialises Byte Buddy's installation and transformation code on a thread of its own
 * while start-up reads the config, by building a transformer exactly as an installation does and
 * running it once on {@link WarmUpTarget}'s class file. Nothing is installed and no class is
 * defined. Start-up waits for it to finish ({@link #awaitDone()}) before it touches Byte Buddy
 * itself, so no Byte Buddy class is ever initialised by two threads at once (classes whose static
 * initialisers depend on each other could deadlock then).
 *
 * <p>The advice classes name the bridge, so that part waits until the bridge is on the bootstrap
 * class path ({@link #bridgeInjected()}); before then only Byte Buddy's own classes are touched.
 */
public final class InstrumentationWarmUp {
  private final CountDownLatch bridge = new CountDownLatch(1);
  private final CountDownLatch done = new CountDownLatch(1);
  private volatile boolean bridgeInjected;

  private InstrumentationWarmUp() {}

  /** Starts the warm-up on a daemon thread. */
  public static InstrumentationWarmUp start() {
    InstrumentationWarmUp warmUp = new InstrumentationWarmUp();
    Thread thread = new Thread(warmUp::run, "modelwatch-warm-up");
    thread.setDaemon(true);
    thread.start();
    return warmUp;
  }

  /** The bridge classes are on the bootstrap class path: the advice may be read. */
  public void bridgeInjected() {
    bridgeInjected = true;
    bridge.countDown();
  }

  /** The bridge could not be injected: stop after Byte Buddy's own classes. */
  public void bridgeFailed() {
    bridge.countDown();
  }

  /** Returns once the warm-up has ended, however it ended. */
  public void awaitDone() {
    boolean interrupted = false;
    while (true) {
      try {
        done.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      AgentBuilder builder = InstrumentationInstaller.configured(AgentBuilder.Listener.NoOp.INSTANCE);
      builder.makeRaw(); // Byte Buddy's transformer set-up, independent of the advice
      bridge.await();
      if (bridgeInjected) {
        transformTarget(builder);
      }
    } catch (Throwable t) {
      AgentLog.warn(
          "warming up the instrumentation failed (" + t + "); the agent starts more slowly, monitoring is unaffected");
    } finally {
      done.countDown();
    }
  }

  private static void transformTarget(AgentBuilder builder) throws Exception {
    String name = InstrumentationWarmUp.class.getPackageName() + ".WarmUpTarget"; // not loaded by naming it
    MethodInstrumentation plan = new MethodInstrumentation(name, "predict", null, 0);
    ClassFileTransformer transformer =
        builder
            .ignore(net.bytebuddy.matcher.ElementMatchers.none())
            .type(named(name))
            .transform(InstrumentationInstaller.warmUpTransformer(plan))
            .makeRaw();
    ClassLoader loader = InstrumentationWarmUp.class.getClassLoader();
    byte[] classFile;
    try (InputStream in = loader.getResourceAsStream(name.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new IOException("the agent jar is incomplete: " + name + " is missing");
      }
      classFile = in.readAllBytes();
    }
    transformer.transform(
        InstrumentationWarmUp.class.getModule(),
        loader,
        name.replace('.', '/'),
        null,
        InstrumentationWarmUp.class.getProtectionDomain(),
        classFile);
  }
}
