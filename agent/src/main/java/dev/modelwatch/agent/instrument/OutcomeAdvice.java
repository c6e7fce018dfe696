package dev.modelwatch.agent.instrument;

import dev.modelwatch.bootstrap.ModelWatchBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice for the application's own outcome method ({@code feedback.method}): hands the id and label
 * arguments to the bridge on entry, so a label counts once the application reports it, whatever its
 * method then does. Inlined into the target: it may only reference the bootstrap bridge.
 */
public final class OutcomeAdvice {
  private OutcomeAdvice() {}

  @Advice.OnMethodEnter(suppress = Throwable.class)
  public static void enter(@SiteId int site, @OutcomeId Object id, @OutcomeLabel Object label) {
    ModelWatchBridge.outcome(site, id, label);
  }
}
