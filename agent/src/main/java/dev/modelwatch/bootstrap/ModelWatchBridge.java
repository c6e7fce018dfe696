package dev.modelwatch.bootstrap;

/**
 * The only class advice calls. It is JDK-only and sits on the bootstrap class path, so instrumented
 * classes of any class loader (including ones that do not delegate to the system loader) link to
 * the same bridge, which forwards to the agent's {@link Dispatcher}.
 *
 * <p>Nothing here may throw into the application: every call into the agent is wrapped, and errors
 * are handed to the dispatcher to be counted.
 */
public final class ModelWatchBridge {
  private static final ThreadLocal<CallState> STATE =
      new ThreadLocal<CallState>() {
        @Override
        protected CallState initialValue() {
          return new CallState();
        }
      };

  /** {@link CallState#call} while a library's internal method runs: no model, no recorded call. */
  private static final Object INTERNAL = new Object();

  private static volatile Dispatcher dispatcher;

  private ModelWatchBridge() {}

  /** Installs the agent's dispatcher; null switches recording off. */
  public static void install(Dispatcher newDispatcher) {
    dispatcher = newDispatcher;
  }

  /**
   * Called first thing in an instrumented method; the result is handed to {@link #exit}. Returns
   * the thread's state when this call is recorded, else null: only the outermost recorded call
   * counts (ONNX Runtime's {@code run} overloads, DJL's {@code predict} to {@code batchPredict} and
   * Tribuo's batch {@code predict} call each other), and a call no configured model claims raises
   * no guard, so calls inside it that a model does claim are still recorded.
   */
  public static CallState enter(int site, Object self, Object argument) {
    CallState state = STATE.get();
    if (state.call != null) {
      return null;
    }
    Dispatcher d = dispatcher;
    if (d == null) {
      return null;
    }
    try {
      d.enter(site, self, argument, state);
    } catch (Throwable t) {
      state.call = null;
      report(d, "enter", t);
    }
    return state.call == null ? null : state;
  }

  /** Called when an instrumented method returns an object (or nothing), or throws. */
  public static void exit(
      int site, CallState state, Object argument, Object result, Throwable thrown) {
    if (state == null) {
      return;
    }
    dispatchExit(site, state, argument, result, Double.NaN, thrown);
  }

  /**
   * Called when an instrumented method returns a primitive number (widened to double), or throws.
   */
  public static void exitValue(
      int site, CallState state, Object argument, double result, Throwable thrown) {
    if (state == null) {
      return;
    }
    dispatchExit(site, state, argument, null, thrown == null ? result : Double.NaN, thrown);
  }

  /**
   * Called first thing in an outcome method ({@code feedback.method}). Deliberately outside the
   * guard of recorded calls: an outcome is reported whether or not a prediction is under way on
   * this thread, and it never hides or counts as a prediction.
   */
  public static void outcome(int site, Object id, Object label) {
    Dispatcher d = dispatcher;
    if (d == null) {
      return;
    }
    try {
      d.outcome(site, id, label);
    } catch (Throwable t) {
      report(d, "feedback", t);
    }
  }

  /**
   * Even a failing error report must not escape: the guard of the recorded call would stay raised.
   */
  private static void report(Dispatcher d, String stage, Throwable error) {
    try {
      d.agentError(stage, error);
    } catch (Throwable ignored) {
      // nothing more can be done without risking the application
    }
  }

  /**
   * Called first thing in a library's internal method (its training or evaluation, which calls its
   * own predict methods): raises the guard of recorded calls, so that the predict calls inside are
   * not recorded, unless a recorded call (or another internal one) has raised it already. Returns
   * the state to hand to {@link #exitInternal}, or null when the guard was up. Not a prediction:
   * the dispatcher is not asked.
   */
  public static CallState enterInternal() {
    CallState state = STATE.get();
    if (state.call != null) {
      return null;
    }
    state.call = INTERNAL;
    return state;
  }

  /**
   * Called when an internal method returns or throws: lowers the guard {@link #enterInternal}
   * raised.
   */
  public static void exitInternal(CallState state) {
    if (state != null) {
      state.call = null;
    }
  }

  /**
   * Called when an instrumented constructor (or factory) returns; see {@link Dispatcher#created}.
   */
  public static void created(int site, int hook, Object instance, Object source) {
    Dispatcher d = dispatcher;
    if (d != null) {
      try {
        d.created(site, hook, instance, source);
      } catch (Throwable t) {
        report(d, "created", t);
      }
    }
  }

  private static void dispatchExit(
      int site, CallState state, Object argument, Object result, double value, Throwable thrown) {
    Dispatcher d = dispatcher;
    if (d == null) {
      state.call = null;
      return;
    }
    try {
      d.exit(site, argument, result, value, thrown, state);
    } catch (Throwable t) {
      report(d, "exit", t);
    } finally {
      state.call = null;
    }
  }
}
