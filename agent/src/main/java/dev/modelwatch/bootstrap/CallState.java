package dev.modelwatch.bootstrap;

/**
 * Per-thread state of the calls the agent watches. Lives on the bootstrap class path with the
 * bridge so that advice inlined into classes of any class loader shares one instance per thread.
 */
public final class CallState {
  /** Nesting depth of instrumented calls on this thread; only the outermost call is recorded. */
  public int depth;
  /** Start time of the outermost call, from {@link System#nanoTime()}; set only when {@link #sampled}. */
  public long startNanos;
  /** Whether the outermost call is sampled: timed, and its values recorded. */
  public boolean sampled;
  /** The agent's recording cell for the outermost call, or null when the call is not recorded. */
  public Object call;
  /** The agent's per-thread counters of that model, written only by this thread. */
  public long[] cells;
  /** The agent's per-thread recording state (opaque here: the bridge is JDK-only). */
  public Object agentState;
}
