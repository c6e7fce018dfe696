package dev.modelwatch.agent.feedback;

/**
 * Predictions waiting for their labels: at most {@code capacity}, kept in arrival order in parallel
 * arrays (a ring of 1.5 x capacity slots) with an open-addressing index from key to ring position.
 * Matched predictions leave holes in the ring; when it is full the live ones are moved together
 * (amortized O(1), as each compaction frees at least capacity / 2 slots), so the oldest is dropped
 * only when {@code capacity} are really waiting. Memory is fixed at creation (see {@link #bytes}).
 * Owned by one thread at a time (the caller synchronizes); never touched by application threads.
 */
final class PendingPredictions {
  private static final int EMPTY = -1;

  private final int capacity;
  private final int ring;
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
  private long replaced;

  PendingPredictions(int capacity) {
    this.capacity = capacity;
    this.ring = capacity + Math.max(1, capacity / 2);
    keys = new long[ring];
    values = new double[ring];
    classes = new String[ring];
    times = new long[ring];
    live = new boolean[ring];
    int slots = Integer.highestOneBit(Math.max(2, capacity * 2 - 1)) << 1;
    index = new int[slots];
    indexMask = slots - 1;
  }

  /** Predictions waiting. */
  int size() {
    return size;
  }

  /**
   * Predictions taken out because a later one came with the same key (identical inputs under a
   * feature hash).
   */
  long replaced() {
    return replaced;
  }

  /**
   * Adds a prediction; a pending one with the same key is replaced (the later prediction wins) and
   * counted in {@link #replaced}.
   *
   * @return 1 when the oldest pending prediction was dropped to make room, else 0
   */
  int add(long key, double value, String predictedClass, long time) {
    int existing = find(key);
    if (existing != EMPTY) {
      remove(existing);
      replaced++;
    }
    int dropped = 0;
    if (size == capacity) {
      while (!live[(int) (head % ring)]) {
        head++;
      }
      remove((int) (head % ring));
      head++;
      dropped = 1;
    }
    if (tail - head == ring) {
      compact();
    }
    int position = (int) (tail % ring);
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
   * Removes predictions older than {@code oldestKept} from the front; returns how many live ones
   * expired. Predictions arrive in time order, so the front is always the oldest.
   */
  int expire(long oldestKept) {
    int expired = 0;
    while (head < tail) {
      int position = (int) (head % ring);
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

  /**
   * Moves the live predictions together at the front, keeping their order, and re-points the index.
   */
  private void compact() {
    long write = head;
    for (long read = head; read < tail; read++) {
      int from = (int) (read % ring);
      if (!live[from]) {
        continue;
      }
      int to = (int) (write % ring);
      if (to != from) {
        keys[to] = keys[from];
        values[to] = values[from];
        classes[to] = classes[from];
        times[to] = times[from];
        live[to] = true;
        live[from] = false;
        classes[from] = null;
        repoint(keys[to], from, to);
      }
      write++;
    }
    tail = write;
  }

  private void repoint(long key, int from, int to) {
    for (int slot = slotOf(key); ; slot = (slot + 1) & indexMask) {
      if (index[slot] == from + 1) {
        index[slot] = to + 1;
        return;
      }
    }
  }

  /**
   * Bytes of the arrays, fixed at creation: the memory bound of {@code capacity} pending
   * predictions.
   */
  long bytes() {
    // long + double + reference (4 with compressed oops) + long + boolean per ring slot; int per
    // index slot
    return (long) ring * (8 + 8 + 4 + 8 + 1) + 4L * index.length;
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
      boolean homeBetween =
          hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
      if (!homeBetween) {
        index[hole] = index[next];
        index[next] = 0;
        hole = next;
      }
    }
  }
}
