package dev.modelwatch.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.modelwatch.agent.AgentLog;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * Loads and initialises Byte Buddy's installation and transformation code on a thread of its own,
 * beside the bridge injection and the reading of the config: it builds a transformer exactly as an
 * installation does, then runs it once on {@link WarmUpTarget}'s class file. Nothing is installed
 * and no class is defined.
 *
 * <p>Start-up waits ({@link #awaitInstallable()}) until the builder set-up and the advice classes
 * are done before it installs anything itself, so that part of Byte Buddy (whose static
 * initialisers were never meant to run on two threads at once) only ever runs on this thread. The
 * transformation of the warm-up class goes on beside the application's start: Byte Buddy's
 * transformation code runs concurrently anyway, whenever application threads load classes.
 *
 * <p>The advice classes name the bridge, so they are read only once the bridge is on the bootstrap
 * class path ({@link #bridgeInjected()}); before then only Byte Buddy's own classes are touched.
 */
public final class InstrumentationWarmUp {
  private final CountDownLatch bridge = new CountDownLatch(1);
  private final CountDownLatch installable = new CountDownLatch(1);
  private volatile boolean bridgeInjected;
  private final AtomicBoolean begun = new AtomicBoolean();

  private InstrumentationWarmUp() {}

  /** Starts the warm-up on a daemon thread. */
  public static InstrumentationWarmUp start() {
    InstrumentationWarmUp warmUp = new InstrumentationWarmUp();
    warmUp.begin();
    return warmUp;
  }

  /**
   * A warm-up that starts at {@link #begin}: at JVM start, where premain itself never waits for it,
   * so that it does not take a core from premain's own work while the application waits.
   */
  public static InstrumentationWarmUp later() {
    return new InstrumentationWarmUp();
  }

  /** Starts the warm-up's daemon thread, once; later calls do nothing. */
  public void begin() {
    if (begun.compareAndSet(false, true)) {
      Thread thread = new Thread(this::run, "modelwatch-warm-up");
      thread.setDaemon(true);
      thread.start();
    }
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

  /**
   * Returns once the builder set-up and the advice classes are done, or the warm-up has ended
   * otherwise: from then on, start-up may use Byte Buddy itself.
   */
  public void awaitInstallable() {
    begin(); // a warm-up made with later() that nothing has begun yet
    boolean interrupted = false;
    while (true) {
      try {
        installable.await();
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
      AgentBuilder builder =
          InstrumentationInstaller.configured(AgentBuilder.Listener.NoOp.INSTANCE);
      builder.makeRaw(); // Byte Buddy's transformer set-up, independent of the advice
      bridge.await();
      if (bridgeInjected) {
        String name =
            InstrumentationWarmUp.class.getPackageName()
                + ".WarmUpTarget"; // not loaded by naming it
        ClassFileTransformer transformer = transformerOf(builder, name); // reads the advice classes
        installable.countDown();
        transformTarget(transformer, name);
      }
    } catch (Throwable t) {
      AgentLog.warn(
          "warming up the instrumentation failed ("
              + t
              + "); the agent starts more slowly, monitoring is unaffected");
    } finally {
      installable.countDown();
    }
  }

  private static ClassFileTransformer transformerOf(AgentBuilder builder, String name) {
    AdviceClasses.readAll();
    return builder
        .ignore(ElementMatchers.none())
        .type(named(name))
        .transform(
            InstrumentationInstaller.warmUpTransformer(
                new MethodInstrumentation(name, "predict", null, 0)))
        .makeRaw();
  }

  private static void transformTarget(ClassFileTransformer transformer, String name)
      throws Exception {
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
