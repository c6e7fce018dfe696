package dev.modelwatch.agent.capture;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A bounded multi-producer, single-consumer queue of captured calls in a preallocated ring
 * (Vyukov's bounded queue): prediction threads offer with one CAS and no lock; a full queue refuses
 * at once, so the caller never waits. The capture writer thread is the only consumer.
 */
final class CaptureQueue {
  private final int mask;
  private final AtomicLongArray sequence;
  private final CapturedCall[] calls;
  private final AtomicLong tail = new AtomicLong();
  private long head; // consumer only

  CaptureQueue(int capacity) {
    int size = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
    mask = size - 1;
    sequence = new AtomicLongArray(size);
    for (int i = 0; i < size; i++) {
      sequence.set(i, i);
    }
    calls = new CapturedCall[size];
  }

  int capacity() {
    return mask + 1;
  }

  /** False when the queue is full. */
  boolean offer(CapturedCall call) {
    while (true) {
      long position = tail.get();
      int slot = (int) position & mask;
      long difference = sequence.get(slot) - position;
      if (difference == 0) {
        if (tail.compareAndSet(position, position + 1)) {
          calls[slot] = call;
          sequence.lazySet(slot, position + 1); // publishes the call written above
          return true;
        }
      } else if (difference < 0) {
        return false;
      }
      // another producer took this position: retry with the new tail
    }
  }

  /** The oldest published call, or null when none is waiting. Single consumer only. */
  CapturedCall poll() {
    int slot = (int) head & mask;
    if (sequence.get(slot) != head + 1) {
      return null;
    }
    CapturedCall call = calls[slot];
    calls[slot] = null;
    sequence.lazySet(slot, head + mask + 1);
    head++;
    return call;
  }
}
