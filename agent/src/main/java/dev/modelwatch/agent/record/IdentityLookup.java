package dev.modelwatch.agent.record;

import java.lang.ref.WeakReference;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Maps objects (sessions, predictors, model instances) to the model their calls belong to, by
 * identity, without keeping them alive. Reads are lock-free probes of an open-addressing table; a
 * miss computes the answer once (under a lock) and publishes a new table.
 */
public final class IdentityLookup<V> {
  private static final Object NONE = new Object();

  private final BiFunction<Object, Object, V> resolver;
  private volatile Entry[] table = new Entry[16];
  private int size;

  /**
   * @param resolver computes the value for an object seen for the first time; may return null
   */
  public IdentityLookup(Function<Object, V> resolver) {
    this.resolver = (key, context) -> resolver.apply(key);
  }

  /**
   * @param resolver computes the value for an object seen for the first time, given the context of
   *     that first look-up (the call's input, say); may return null
   */
  public IdentityLookup(BiFunction<Object, Object, V> resolver) {
    this.resolver = resolver;
  }

  public V get(Object key) {
    return get(key, null);
  }

  /** The value for {@code key}; {@code context} is handed to the resolver when the key is new. */
  @SuppressWarnings("unchecked")
  public V get(Object key, Object context) {
    Entry[] entries = table;
    int mask = entries.length - 1;
    int i = System.identityHashCode(key) & mask;
    for (Entry e = entries[i]; e != null; e = entries[i = (i + 1) & mask]) {
      if (e.get() == key) {
        return e.value == NONE ? null : (V) e.value;
      }
    }
    return resolve(key, context);
  }

  @SuppressWarnings("unchecked")
  private synchronized V resolve(Object key, Object context) {
    Entry[] entries = table;
    int mask = entries.length - 1;
    int i = System.identityHashCode(key) & mask;
    for (Entry e = entries[i]; e != null; e = entries[i = (i + 1) & mask]) {
      if (e.get() == key) {
        return e.value == NONE ? null : (V) e.value;
      }
    }
    V value = resolver.apply(key, context);
    Entry[] next = rebuild(entries, size + 1);
    insert(next, new Entry(key, value == null ? NONE : value));
    table = next;
    return value;
  }

  /**
   * Every object mapped to {@code from} maps to {@code to} from now on (a model replaced after its
   * first calls).
   */
  public synchronized void remap(V from, V to) {
    Entry[] entries = table;
    Entry[] next = new Entry[entries.length];
    size = 0;
    for (Entry e : entries) {
      Object key = e == null ? null : e.get();
      if (key != null) {
        insert(next, e.value == from ? new Entry(key, to) : e);
      }
    }
    table = next;
  }

  /** A copy without cleared entries, at most half full. */
  private Entry[] rebuild(Entry[] entries, int needed) {
    int live = 0;
    for (Entry e : entries) {
      if (e != null && e.get() != null) {
        live++;
      }
    }
    int capacity = 16;
    while (capacity < (live + needed) * 2) {
      capacity <<= 1;
    }
    Entry[] next = new Entry[capacity];
    size = 0;
    for (Entry e : entries) {
      if (e != null && e.get() != null) {
        insert(next, e);
      }
    }
    return next;
  }

  private void insert(Entry[] entries, Entry entry) {
    Object key = entry.get();
    int mask = entries.length - 1;
    int i = System.identityHashCode(key) & mask;
    while (entries[i] != null) {
      i = (i + 1) & mask;
    }
    entries[i] = entry;
    size++;
  }

  private static final class Entry extends WeakReference<Object> {
    final Object value;

    Entry(Object key, Object value) {
      super(key);
      this.value = value;
    }
  }
}
