package dev.modelwatch.bootstrap;

/**
 * The agent's side of the bridge. Implemented by the agent (loaded by the system class loader) and
 * installed with {@link ModelWatchBridge#install}; advice only ever sees this bootstrap type.
 */
public abstract class Dispatcher {
  /**
   * Outermost call of an instrumented method begins. Sets {@link CallState#call} (null: do not
   * record this call), {@link CallState#sampled} and, for sampled calls, {@link
   * CallState#startNanos}.
   */
  public abstract void enter(int site, Object self, Object argument, CallState state);

  /** Outermost call ends; {@code result} is the returned object, or null for primitives/void. */
  public abstract void exit(
      int site,
      Object argument,
      Object result,
      double primitiveResult,
      Throwable thrown,
      CallState state);

  /**
   * An instrumented constructor (or factory, then {@code instance} is what it returned) of a
   * library object returned: {@code source} is what it was made from (an ONNX Runtime session's
   * model path), remembered to attribute the object's later calls; {@code hook} says which of the
   * site's hooks ran. Not a prediction: no recorded-call guard, nothing timed. Does nothing unless
   * a site needs it.
   */
  public void created(int site, int hook, Object instance, Object source) {}

  /**
   * The application reported an outcome through a method named in {@code feedback.method}: not a
   * prediction, so no recorded-call guard and no timing. The agent's recorder overrides this.
   */
  public void outcome(int site, Object id, Object label) {}

  /** A Throwable escaped the agent's code at {@code stage}; must not throw. */
  public abstract void agentError(String stage, Throwable error);
}
