package dev.modelwatch.agent.xgboost;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Objects to values by identity, without keeping the objects alive: a {@code DMatrix} to what it
 * was built from, a booster to the file it was loaded from. Reads are lock-free probes of an
 * open-addressing table and allocate nothing; writes take a lock, reuse the slots of collected
 * objects (whose values are let go as soon as a write sees them collected), and rebuild the table
 * when it is half full.
 */
final class WeakIdentityTable<V> {
  private static final int MIN_CAPACITY = 16;

  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
  private volatile AtomicReferenceArray<Entry<V>> table = new AtomicReferenceArray<>(MIN_CAPACITY);
  private int used; // slots of table that are not null, under the lock

  /** The value of {@code key}, or null. */
  V get(Object key) {
    AtomicReferenceArray<Entry<V>> entries = table;
    int mask = entries.length() - 1;
    for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
      Entry<V> entry = entries.get(i);
      if (entry == null) {
        return null;
      }
      if (entry.get() == key) {
        return entry.value;
      }
    }
  }

  /** Sets the value of {@code key} (not null), replacing any. */
  synchronized void put(Object key, V value) {
    for (Reference<?> gone; (gone = collected.poll()) != null; ) {
      ((Entry<?>) gone).value = null;
    }
    AtomicReferenceArray<Entry<V>> entries = table;
    int mask = entries.length() - 1;
    int free = -1;
    int i = hash(key) & mask;
    for (Entry<V> entry; (entry = entries.get(i)) != null; i = (i + 1) & mask) {
      Object present = entry.get();
      if (present == key) {
        entries.set(i, new Entry<>(key, value, collected));
        return;
      }
      if (present == null && free < 0) {
        free = i;
      }
    }
    if (free >= 0) {
      // a collected object's slot: probes for other keys still pass it, and none ends there
      entries.set(free, new Entry<>(key, value, collected));
    } else if ((used + 1) * 2 <= entries.length()) {
      entries.set(i, new Entry<>(key, value, collected));
      used++;
    } else {
      rebuild(entries, new Entry<>(key, value, collected));
    }
  }

  /** A table at most half full of the live entries and {@code added}, published at once. */
  private void rebuild(AtomicReferenceArray<Entry<V>> entries, Entry<V> added) {
    int live = 1;
    for (int i = 0; i < entries.length(); i++) {
      Entry<V> entry = entries.get(i);
      if (entry != null && entry.get() != null) {
        live++;
      }
    }
    int capacity = MIN_CAPACITY;
    while (capacity < live * 4) {
      capacity <<= 1;
    }
    AtomicReferenceArray<Entry<V>> next = new AtomicReferenceArray<>(capacity);
    for (int i = 0; i < entries.length(); i++) {
      Entry<V> entry = entries.get(i);
      if (entry != null && entry.get() != null) {
        insert(next, entry);
      }
    }
    insert(next, added);
    used = live;
    table = next;
  }

  private static <V> void insert(AtomicReferenceArray<Entry<V>> entries, Entry<V> entry) {
    int mask = entries.length() - 1;
    int i = hash(entry.get()) & mask;
    while (entries.get(i) != null) {
      i = (i + 1) & mask;
    }
    entries.set(i, entry);
  }

  private static int hash(Object key) {
    int h = System.identityHashCode(key);
    return h ^ (h >>> 16);
  }

  /** Live entries, for tests. */
  synchronized int size() {
    AtomicReferenceArray<Entry<V>> entries = table;
    int live = 0;
    for (int i = 0; i < entries.length(); i++) {
      Entry<V> entry = entries.get(i);
      if (entry != null && entry.get() != null) {
        live++;
      }
    }
    return live;
  }

  private static final class Entry<V> extends WeakReference<Object> {
    /**
     * Let go (under the table's lock) once the key is collected; read only after the key matched.
     */
    V value;

    Entry(Object key, V value, ReferenceQueue<Object> queue) {
      super(key, queue);
      this.value = value;
    }
  }
}
