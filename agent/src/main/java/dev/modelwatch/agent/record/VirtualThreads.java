package dev.modelwatch.agent.record;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether the calling thread is virtual ({@code Thread.isVirtual()}, JDK 21+), without compiling
 * against it: the agent targets Java 11. A constant handle, so the JIT inlines the check.
 */
final class VirtualThreads {
  private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

  private VirtualThreads() {}

  static boolean current() {
    if (IS_VIRTUAL == null) {
      return false;
    }
    try {
      return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
    } catch (Throwable e) {
      return false;
    }
  }

  private static MethodHandle isVirtualHandle() {
    try {
      return MethodHandles.publicLookup()
          .findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null; // before JDK 21 every thread is a platform thread
    }
  }
}
