package dev.modelwatch.agent.feedback;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded multi-producer, single-consumer queue of (key, number, text, time) records in
 * preallocated arrays (Vyukov's bounded queue): application threads offer without locks or
 * allocation, one CAS on the tail per offer; the consumer (an agent thread, under the owner's lock)
 * polls. When full, an offer fails at once and the caller counts the record as dropped: the
 * application never waits.
 */
final class HandOffQueue {
  private final int mask;
  private final AtomicLongArray sequence;
  private final long[] keys;
  private final double[] numbers;
  private final String[] texts;
  private final long[] times;
  private final AtomicLong tail = new AtomicLong();
  private long head; // consumer only

  HandOffQueue(int capacity) {
    int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
    mask = size - 1;
    sequence = new AtomicLongArray(size);
    for (int i = 0; i < size; i++) {
      sequence.set(i, i);
    }
    keys = new long[size];
    numbers = new double[size];
    texts = new String[size];
    times = new long[size];
  }

  int capacity() {
    return mask + 1;
  }

  /** False when the queue is full. */
  boolean offer(long key, double number, String text, long time) {
    while (true) {
      long position = tail.get();
      int slot = (int) position & mask;
      long difference = sequence.get(slot) - position;
      if (difference == 0) {
        if (tail.compareAndSet(position, position + 1)) {
          keys[slot] = key;
          numbers[slot] = number;
          texts[slot] = text;
          times[slot] = time;
          sequence.lazySet(slot, position + 1); // publishes the fields written above
          return true;
        }
      } else if (difference < 0) {
        return false;
      }
      // another producer took this position: retry with the new tail
    }
  }

  /** Hands every published record to {@code consumer}, oldest first. Single consumer only. */
  int drain(Consumer consumer) {
    int drained = 0;
    while (true) {
      int slot = (int) head & mask;
      if (sequence.get(slot) != head + 1) {
        return drained;
      }
      String text = texts[slot];
      texts[slot] = null;
      consumer.accept(keys[slot], numbers[slot], text, times[slot]);
      sequence.lazySet(slot, head + mask + 1);
      head++;
      drained++;
    }
  }

  interface Consumer {
    void accept(long key, double number, String text, long time);
  }
}
