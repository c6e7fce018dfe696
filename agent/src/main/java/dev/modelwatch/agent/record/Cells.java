package dev.modelwatch.agent.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Single-writer counter arrays. Each thread owns its own {@code long[]} per model and is its only
 * writer, so an increment is a plain read plus a release store (a plain move on x86): no atomics,
 * no shared cache lines between threads. Readers (the scrape) use acquire loads and sum the
 * arrays of all threads.
 */
public final class Cells {
  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

  private Cells() {}

  public static void increment(long[] cells, int index) {
    LONGS.setRelease(cells, index, cells[index] + 1);
  }

  public static void add(long[] cells, int index, long delta) {
    LONGS.setRelease(cells, index, cells[index] + delta);
  }

  /** Adds to a double kept as its raw long bits. */
  public static void addDouble(long[] cells, int index, double delta) {
    LONGS.setRelease(
        cells, index, Double.doubleToRawLongBits(Double.longBitsToDouble(cells[index]) + delta));
  }

  public static void setDouble(long[] cells, int index, double value) {
    LONGS.setRelease(cells, index, Double.doubleToRawLongBits(value));
  }

  public static long read(long[] cells, int index) {
    return (long) LONGS.getAcquire(cells, index);
  }

  public static double readDouble(long[] cells, int index) {
    return Double.longBitsToDouble((long) LONGS.getAcquire(cells, index));
  }
}
