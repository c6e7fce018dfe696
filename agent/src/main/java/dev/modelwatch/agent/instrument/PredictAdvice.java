package dev.modelwatch.agent.instrument;

import dev.modelwatch.bootstrap.CallState;
import dev.modelwatch.bootstrap.ModelWatchBridge;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Advice for instrumented methods that return an object or nothing. Inlined into the target: it may
 * only reference the bootstrap bridge.
 */
public final class PredictAdvice {
  private PredictAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static CallState enter(
      @SiteId int site, @Advice.This(optional = true) Object self, @InputArgument Object input) {
    return ModelWatchBridge.enter(site, self, input);
  }

  @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
  public static void exit(
      @SiteId int site,
      @Advice.Enter CallState state,
      @InputArgument Object input,
      @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
      @Advice.Thrown Throwable thrown) {
    if (state
        != null) { // an unrecorded call reads no input: an all-arguments input is not made for it
      ModelWatchBridge.exit(site, state, input, result, thrown);
    }
  }
}
