package dev.modelwatch.agent.record;

/**
 * Times one in N sampled calls when a thread calls a model fast, every call when it does not. Two
 * clock reads are about a third of the agent's cost per call; at a high call rate the latency
 * distribution does not need every call timed, while calls, errors, rows, feature and output values
 * stay exact.
 *
 * <p>Calls of one writer (thread) and model go in windows: the first call of a window is timed, the
 * other N − 1 are not, and each counts in the latency histogram with the latency the window's timed
 * call measured, so the histogram's count stays the number of sampled calls and its distribution is
 * that of the timed calls, each weighted by its window. A window's length N is the rate measured
 * over the window before the previous one: at each timed call, {@code N' = n * TARGET_NANOS /
 * elapsed}, clamped to [1, {@value #MAX_STRIDE}], where {@code elapsed} is the time since the
 * previous timed call and n the calls in between; N' is used for the window after the one that
 * starts now. So timed calls come about every {@value #TARGET_NANOS} ns (10,000 a second per thread
 * and model) once the calls come faster than that, and every call is timed below that rate. The
 * delay keeps a window's weight independent of the time just before its timed call: a call often
 * takes as long as the work that came just before it on the same thread (the same request parsed,
 * the same input prepared), so weighting it by the gap before it would count slow calls too little.
 * After a pause, up to two windows (2 × {@value #MAX_STRIDE} calls) pass before every call is timed
 * again.
 *
 * <p>State per writer and model, in {@link #SLOTS} slots of the writer's cells (plain, read and
 * written by the owning thread only, never exported).
 */
final class AdaptiveTiming {
  /** Slots per writer and model. */
  static final int SLOTS = 6;

  /** The interval aimed at between two timed calls of one writer. */
  static final long TARGET_NANOS = 100_000;

  /** The longest window: at least one call in this many is timed. */
  static final long MAX_STRIDE = 64;

  private static final int LEFT = 0;
  private static final int WINDOW = 1;
  private static final int NEXT_WINDOW = 2;
  private static final int LAST_START = 3;
  private static final int LAST_BUCKET = 4;
  private static final int LAST_NANOS = 5;

  private AdaptiveTiming() {}

  /** Counts the call down; true when it is the one to time (the first call always is). */
  static boolean timesThisCall(long[] cells, int slots) {
    long left = cells[slots + LEFT] - 1;
    if (left > 0) {
      cells[slots + LEFT] = left;
      return false;
    }
    return true;
  }

  /** A timed call started at {@code now}: a window starts, and the next one's length is set. */
  static void started(long[] cells, int slots, long now) {
    long calls = cells[slots + WINDOW];
    long window;
    long next;
    if (calls == 0) {
      window = 1; // the first timed call of this writer: no rate known yet
      next = 1;
    } else {
      long elapsed = now - cells[slots + LAST_START];
      next = elapsed <= 0 ? MAX_STRIDE : calls * TARGET_NANOS / elapsed;
      next = Math.max(1, Math.min(MAX_STRIDE, next));
      window = cells[slots + NEXT_WINDOW];
    }
    cells[slots + WINDOW] = window;
    cells[slots + LEFT] = window;
    cells[slots + NEXT_WINDOW] = next;
    cells[slots + LAST_START] = now;
  }

  /** A timed call measured {@code nanos}, in latency bucket {@code bucket}. */
  static void measured(long[] cells, int slots, int bucket, long nanos) {
    cells[slots + LAST_BUCKET] = bucket;
    cells[slots + LAST_NANOS] = nanos;
  }

  /** The latency bucket last measured by this writer. */
  static int lastBucket(long[] cells, int slots) {
    return (int) cells[slots + LAST_BUCKET];
  }

  /** The latency last measured by this writer, in nanoseconds. */
  static long lastNanos(long[] cells, int slots) {
    return cells[slots + LAST_NANOS];
  }
}
