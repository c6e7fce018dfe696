package dev.modelwatch.agent.instrument;

import dev.modelwatch.bootstrap.CallState;
import dev.modelwatch.bootstrap.ModelWatchBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice for instrumented methods that return a primitive number: the value is widened to double
 * instead of boxed, so recording it allocates nothing.
 */
public final class NumericReturnAdvice {
  private NumericReturnAdvice() {}

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
      @Advice.Return double result,
      @Advice.Thrown Throwable thrown) {
    if (state
        != null) { // an unrecorded call reads no input: an all-arguments input is not made for it
      ModelWatchBridge.exitValue(site, state, input, result, thrown);
    }
  }
}
