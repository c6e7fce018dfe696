package dev.modelwatch.agent.queue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The sequencing of a bounded multi-producer, single-consumer ring (Vyukov's bounded queue), for
 * queues that keep their records in preallocated arrays of their own, indexed by {@link #slot}:
 * producers {@link #claim} a position with one CAS and no lock (a full ring refuses at once, so the
 * caller never waits), write their record's slot, then {@link #publish} it; the one consumer takes
 * the oldest published position with {@link #next}, reads the slot, and {@link #release}s it.
 */
public final class RingSequence {
  private final int mask;
  private final AtomicLongArray sequence;
  private final AtomicLong tail = new AtomicLong();
  private long head; // consumer only

  /** A ring of {@code capacity} rounded up to a power of two. */
  public RingSequence(int capacity) {
    int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
    mask = size - 1;
    sequence = new AtomicLongArray(size);
    for (int i = 0; i < size; i++) {
      sequence.set(i, i);
    }
  }

  /** The number of slots. */
  public int capacity() {
    return mask + 1;
  }

  /** The slot of a position. */
  public int slot(long position) {
    return (int) position & mask;
  }

  /** A position for a producer to fill, or -1 when the ring is full. */
  public long claim() {
    while (true) {
      long position = tail.get();
      long difference = sequence.get(slot(position)) - position;
      if (difference == 0) {
        if (tail.compareAndSet(position, position + 1)) {
          return position;
        }
      } else if (difference < 0) {
        return -1;
      }
      // another producer took this position: retry with the new tail
    }
  }

  /** Publishes a claimed position: the slot's writes before this become visible to the consumer. */
  public void publish(long position) {
    sequence.lazySet(slot(position), position + 1);
  }

  /** The oldest published position, or -1 when none is waiting. Single consumer only. */
  public long next() {
    return sequence.get(slot(head)) == head + 1 ? head : -1;
  }

  /** Gives the slot of the position {@link #next} returned back to producers. */
  public void release(long position) {
    sequence.lazySet(slot(position), position + mask + 1);
    head = position + 1;
  }
}
