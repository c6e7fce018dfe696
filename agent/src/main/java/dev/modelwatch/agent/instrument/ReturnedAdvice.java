package dev.modelwatch.agent.instrument;

import dev.modelwatch.bootstrap.ModelWatchBridge;
import net.bytebuddy.asm.Advice;

/**
 * A method whose returned object a library support wants to know (a factory that loads a model from
 * a path): when it returns normally, the site hears of the returned object and the hook's argument.
 * Not a prediction.
 */
public final class ReturnedAdvice {
  private ReturnedAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @SiteId int site,
      @HookIndex int hook,
      @Advice.Return(typing = net.bytebuddy.implementation.bytecode.assign.Assigner.Typing.DYNAMIC)
          Object returned,
      @InputArgument Object argument) {
    ModelWatchBridge.created(site, hook, returned, argument);
  }
}
