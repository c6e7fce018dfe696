package dev.modelwatch.bootstrap;

/**
 * Per-thread state of the calls the agent watches. Lives on the bootstrap class path with the
 * bridge so that advice inlined into classes of any class loader shares one instance per thread.
 */
public final class CallState {
  /**
   * Start time of the outermost call, from {@link System#nanoTime()}; set only when {@link #timed}.
   */
  public long startNanos;

  /** Whether the outermost call is sampled: its latency and values recorded. */
  public boolean sampled;

  /**
   * Whether the outermost call is timed: sampled, and its clock read (under adaptive timing a
   * sampled call may record the latency last measured instead).
   */
  public boolean timed;

  /**
   * The model of the recorded call under way on this thread, or null: set by the dispatcher at
   * enter, cleared after exit. While set, instrumented calls nested in it are not recorded. A
   * library's internal method (its training, say) sets a marker that is no model, for the same end.
   */
  public Object call;

  /** The agent's per-thread counters of that model, written only by this thread. */
  public long[] cells;

  /** The agent's per-thread recording state (opaque here: the bridge is JDK-only). */
  public Object agentState;
}
