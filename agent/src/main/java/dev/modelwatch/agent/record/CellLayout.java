package dev.modelwatch.agent.record;

/**
 * Where each number of one model lives in a thread's {@code long[]}: slots are allocated once at
 * set-up, so the hot path indexes an array and never looks anything up.
 */
public final class CellLayout {
  private int size;
  private boolean[] doubles = new boolean[16];

  /** Reserves {@code count} long slots; returns the first. */
  public int longs(int count) {
    int first = size;
    size += count;
    grow();
    return first;
  }

  /** Reserves one slot holding a double as raw bits; returns it. */
  public int doubleSlot() {
    int slot = size++;
    grow();
    doubles[slot] = true;
    return slot;
  }

  /** Reserves {@code count} consecutive slots holding doubles as raw bits; returns the first. */
  public int doubles(int count) {
    int first = size;
    for (int i = 0; i < count; i++) {
      doubleSlot();
    }
    return first;
  }

  public int size() {
    return size;
  }

  boolean isDouble(int slot) {
    return doubles[slot];
  }

  private void grow() {
    if (size > doubles.length) {
      boolean[] grown = new boolean[Math.max(size, doubles.length * 2)];
      System.arraycopy(doubles, 0, grown, 0, doubles.length);
      doubles = grown;
    }
  }
}
