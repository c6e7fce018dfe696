package dev.modelwatch.agent.instrument;

import dev.modelwatch.bootstrap.ModelWatchBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice on library constructors whose arguments say which model their object serves (an ONNX
 * Runtime session's model path): reports the new object and that argument once, after the
 * constructor completed. Inlined into the target: it may only reference the bootstrap bridge.
 */
public final class CreationAdvice {
  private CreationAdvice() {}

  @Advice.OnMethodExit(suppress = Throwable.class)
  public static void exit(
      @SiteId int site,
      @HookIndex int hook,
      @Advice.This Object self,
      @InputArgument Object source) {
    ModelWatchBridge.created(site, hook, self, source);
  }
}
