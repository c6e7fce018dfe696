package dev.modelwatch.agent.instrument;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import java.lang.instrument.IllegalClassFormatException;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Iterator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.utility.JavaModule;

/**
 * Lets the application start while Byte Buddy is set up beside it. Registered in premain in place
 * of Byte Buddy's transformer, it sees every class the application loads: a class that the load
 * filter says cannot match any instrumentation passes at once, as before; a class that may match
 * waits until Byte Buddy's transformer is built, then goes to it. In a typical application the
 * first class that may match (a model library's, or a configured class) is loaded long after the
 * transformer is ready, so nothing waits; premain no longer holds up {@code main} for Byte Buddy's
 * own start-up.
 *
 * <p>Every class is handed to the gate by the JVM from the moment premain registers it, so no class
 * loaded while Byte Buddy was being set up escapes instrumentation. A class that may match and is
 * loaded by the thread that sets up Byte Buddy passes without waiting (it would wait for itself); a
 * wait longer than {@link #MAX_WAIT_SECONDS} lets the class pass uninstrumented, says so once and
 * counts it in {@code modelwatch_agent_errors_total{stage="install"}}, rather than hold a class
 * loader forever. Resetting the gate (config reload) resets Byte Buddy's transformer as registered
 * under the gate, so the classes it changed are retransformed back.
 */
public final class InstallGate extends ResettableClassFileTransformer.AbstractBase {
  /** The longest a class that may match waits for Byte Buddy's transformer. */
  static final long MAX_WAIT_SECONDS = 60;

  private final LoadFilter filter;
  private final AgentErrors errors;
  private final CountDownLatch ready = new CountDownLatch(1);
  private volatile ResettableClassFileTransformer transformer;
  private volatile Thread installer;
  private volatile boolean saidTimeout;
  private final java.util.concurrent.atomic.AtomicInteger waited =
      new java.util.concurrent.atomic.AtomicInteger();

  InstallGate(LoadFilter filter, AgentErrors errors) {
    this.filter = filter;
    this.errors = errors;
  }

  /** The thread that builds Byte Buddy's transformer: its own class loads never wait. */
  void installer(Thread thread) {
    this.installer = thread;
  }

  /** Byte Buddy's transformer is built: waiting classes go on to it; null if it failed. */
  void open(ResettableClassFileTransformer built) {
    this.transformer = built;
    ready.countDown();
  }

  /** Classes that waited at the gate for Byte Buddy's transformer so far. */
  int waited() {
    return waited.get();
  }

  /** Whether Byte Buddy's transformer is in place (or its set-up ended). */
  public boolean isOpen() {
    return ready.getCount() == 0;
  }

  @Override
  public byte[] transform(
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile)
      throws IllegalClassFormatException {
    ResettableClassFileTransformer target =
        target(loader, className, classBeingRedefined, classFile);
    return target == null
        ? null
        : target.transform(loader, className, classBeingRedefined, protectionDomain, classFile);
  }

  @Override
  public byte[] transform(
      Module module,
      ClassLoader loader,
      String className,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain,
      byte[] classFile)
      throws IllegalClassFormatException {
    ResettableClassFileTransformer target =
        target(loader, className, classBeingRedefined, classFile);
    return target == null
        ? null
        : target.transform(
            module, loader, className, classBeingRedefined, protectionDomain, classFile);
  }

  /** Byte Buddy's transformer for this class, waiting for it if needed; null: leave it as it is. */
  private ResettableClassFileTransformer target(
      ClassLoader loader, String className, Class<?> classBeingRedefined, byte[] classFile) {
    ResettableClassFileTransformer built = transformer;
    if (classBeingRedefined != null) {
      return built; // a retransformation: only Byte Buddy's own, once in place
    }
    if (!filter.mayMatch(loader, className, classFile)) {
      return null;
    }
    if (built != null || isOpen() || Thread.currentThread() == installer) {
      return transformer;
    }
    waited.incrementAndGet();
    boolean interrupted = false;
    boolean open = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_WAIT_SECONDS);
    while (true) {
      try {
        open = ready.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the class load itself must go on; the flag is restored below
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (!open) {
      errors.count(ErrorStage.INSTALL);
      if (!saidTimeout) {
        saidTimeout = true;
        AgentLog.warn(
            "class "
                + (className == null ? "(unnamed)" : className.replace('/', '.'))
                + " may need instrumenting but the instrumentation was not in place after "
                + MAX_WAIT_SECONDS
                + " s; it is loaded as it is and its calls are not recorded. Counted in"
                + " modelwatch_agent_errors_total{stage=\"install\"}");
      }
      return null;
    }
    return transformer;
  }

  @Override
  public Iterator<AgentBuilder.Transformer> iterator(
      TypeDescription typeDescription,
      ClassLoader classLoader,
      JavaModule module,
      Class<?> classBeingRedefined,
      ProtectionDomain protectionDomain) {
    ResettableClassFileTransformer built = transformer;
    return built == null
        ? Collections.<AgentBuilder.Transformer>emptyIterator()
        : built.iterator(
            typeDescription, classLoader, module, classBeingRedefined, protectionDomain);
  }

  @Override
  public boolean reset(
      Instrumentation instrumentation,
      ResettableClassFileTransformer registered,
      AgentBuilder.RedefinitionStrategy redefinitionStrategy,
      AgentBuilder.RedefinitionStrategy.DiscoveryStrategy discoveryStrategy,
      AgentBuilder.RedefinitionStrategy.BatchAllocator batchAllocator,
      AgentBuilder.RedefinitionStrategy.Listener listener) {
    ResettableClassFileTransformer built = transformer;
    if (built == null) {
      return instrumentation.removeTransformer(registered);
    }
    return built.reset(
        instrumentation,
        registered,
        redefinitionStrategy,
        discoveryStrategy,
        batchAllocator,
        listener);
  }
}
