package dev.modelwatch.agent.feedback;

import dev.modelwatch.agent.queue.RingSequence;

/**
 * A bounded multi-producer, single-consumer queue of (key, number, text, time) records in
 * preallocated arrays (Vyukov's bounded queue): application threads offer without locks or
 * allocation, one CAS on the tail per offer; the consumer (an agent thread, under the owner's lock)
 * polls. When full, an offer fails at once and the caller counts the record as dropped: the
 * application never waits.
 */
final class HandOffQueue {
  private final RingSequence ring;
  private final long[] keys;
  private final double[] numbers;
  private final String[] texts;
  private final long[] times;

  HandOffQueue(int capacity) {
    ring = new RingSequence(capacity);
    int size = ring.capacity();
    keys = new long[size];
    numbers = new double[size];
    texts = new String[size];
    times = new long[size];
  }

  int capacity() {
    return ring.capacity();
  }

  /** False when the queue is full. */
  boolean offer(long key, double number, String text, long time) {
    long position = ring.claim();
    if (position < 0) {
      return false;
    }
    int slot = ring.slot(position);
    keys[slot] = key;
    numbers[slot] = number;
    texts[slot] = text;
    times[slot] = time;
    ring.publish(position);
    return true;
  }

  /** Hands every published record to {@code consumer}, oldest first. Single consumer only. */
  int drain(Consumer consumer) {
    int drained = 0;
    for (long position = ring.next(); position >= 0; position = ring.next()) {
      int slot = ring.slot(position);
      String text = texts[slot];
      texts[slot] = null;
      consumer.accept(keys[slot], numbers[slot], text, times[slot]);
      ring.release(position);
      drained++;
    }
    return drained;
  }

  interface Consumer {
    void accept(long key, double number, String text, long time);
  }
}
