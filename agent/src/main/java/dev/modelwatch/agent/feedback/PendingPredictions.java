package dev.modelwatch.agent.feedback;

/**
 * Predictions waiting for their labels: at most {@code capacity}, kept in arrival order in parallel arrays (a
 * ring) with an open-addressing index from key to ring position. Memory is fixed at creation: per prediction a
 * key, a value, a class reference, a time and a flag in the ring, two index slots. Owned by one thread at a time
 * (the caller synchronizes); never touched by application threads.
 */
final class PendingPredictions {
  private static final int EMPTY = -1;

  private final int capacity;
  private final long[] keys;
  private final double[] values;
  private final String[] classes;
  private final long[] times;
  private final boolean[] live;
  private final int[] index; // ring position + 1 per slot; 0 = empty
  private final int indexMask;
  private long head;
  private long tail;
  private int size;

  PendingPredictions(int capacity) {
    this.capacity = capacity;
    keys = new long[capacity];
    values = new double[capacity];
    classes = new String[capacity];
    times = new long[capacity];
    live = new boolean[capacity];
    int slots = Integer.highestOneBit(Math.max(2, capacity * 2 - 1)) << 1;
    index = new int[slots];
    indexMask = slots - 1;
  }

  /** Predictions waiting. */
  int size() {
    return size;
  }

  /**
   * Adds a prediction; a pending one with the same key is replaced (the later prediction wins).
   *
   * @return 1 when the oldest pending prediction was dropped to make room, else 0
   */
  int add(long key, double value, String predictedClass, long time) {
    int existing = find(key);
    if (existing != EMPTY) {
      remove(existing);
    }
    int dropped = 0;
    if (tail - head == capacity) {
      int oldest = (int) (head % capacity);
      if (live[oldest]) {
        remove(oldest);
        dropped = 1;
      }
      head++;
    }
    int position = (int) (tail % capacity);
    keys[position] = key;
    values[position] = value;
    classes[position] = predictedClass;
    times[position] = time;
    live[position] = true;
    size++;
    tail++;
    insertIndex(key, position);
    return dropped;
  }

  /** Ring position of the pending prediction with this key, or -1. */
  int find(long key) {
    for (int slot = slotOf(key); ; slot = (slot + 1) & indexMask) {
      int entry = index[slot];
      if (entry == 0) {
        return EMPTY;
      }
      if (keys[entry - 1] == key) {
        return entry - 1;
      }
    }
  }

  double value(int position) {
    return values[position];
  }

  String predictedClass(int position) {
    return classes[position];
  }

  /** Takes the prediction at {@code position} out (it was matched, replaced or dropped). */
  void remove(int position) {
    live[position] = false;
    classes[position] = null;
    size--;
    deleteIndex(keys[position]);
  }

  /**
   * Removes predictions older than {@code oldestKept} from the front; returns how many live ones expired.
   * Predictions arrive in time order, so the front is always the oldest.
   */
  int expire(long oldestKept) {
    int expired = 0;
    while (head < tail) {
      int position = (int) (head % capacity);
      if (live[position]) {
        if (times[position] - oldestKept >= 0) {
          break;
        }
        remove(position);
        expired++;
      }
      head++;
    }
    return expired;
  }

  private int slotOf(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & indexMask;
  }

  private void insertIndex(long key, int position) {
    int slot = slotOf(key);
    while (index[slot] != 0) {
      slot = (slot + 1) & indexMask;
    }
    index[slot] = position + 1;
  }

  /** Linear-probing deletion with backward shift, so lookups never need tombstones. */
  private void deleteIndex(long key) {
    int slot = slotOf(key);
    while (index[slot] != 0 && keys[index[slot] - 1] != key) {
      slot = (slot + 1) & indexMask;
    }
    if (index[slot] == 0) {
      return;
    }
    int hole = slot;
    index[hole] = 0;
    for (int next = (hole + 1) & indexMask; index[next] != 0; next = (next + 1) & indexMask) {
      int home = slotOf(keys[index[next] - 1]);
      // move the entry back into the hole unless its home lies cyclically in (hole, next]
      boolean homeBetween = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
      if (!homeBetween) {
        index[hole] = index[next];
        index[next] = 0;
        hole = next;
      }
    }
  }
}
