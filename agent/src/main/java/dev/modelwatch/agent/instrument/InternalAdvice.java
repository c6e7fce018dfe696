package dev.modelwatch.agent.instrument;

import dev.modelwatch.bootstrap.CallState;
import dev.modelwatch.bootstrap.ModelWatchBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice on a library's internal methods (training, evaluation): predict calls made inside them on
 * the same thread are not recorded. Nothing is timed or counted. Inlined into the target: it may
 * only reference the bootstrap bridge.
 */
public final class InternalAdvice {
  private InternalAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static CallState enter() {
    return ModelWatchBridge.enterInternal();
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(@Advice.Enter CallState state) {
    ModelWatchBridge.exitInternal(state);
  }
}
