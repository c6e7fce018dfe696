package dev.modelwatch.agent.capture;

import dev.modelwatch.agent.queue.RingSequence;

/**
 * A bounded multi-producer, single-consumer queue of captured calls in a preallocated ring
 * (Vyukov's bounded queue): prediction threads offer with one CAS and no lock; a full queue refuses
 * at once, so the caller never waits. The capture writer thread is the only consumer.
 */
final class CaptureQueue {
  private final RingSequence ring;
  private final CapturedCall[] calls;

  CaptureQueue(int capacity) {
    ring = new RingSequence(capacity);
    calls = new CapturedCall[ring.capacity()];
  }

  int capacity() {
    return ring.capacity();
  }

  /** False when the queue is full. */
  boolean offer(CapturedCall call) {
    long position = ring.claim();
    if (position < 0) {
      return false;
    }
    calls[ring.slot(position)] = call;
    ring.publish(position);
    return true;
  }

  /** The oldest published call, or null when none is waiting. Single consumer only. */
  CapturedCall poll() {
    long position = ring.next();
    if (position < 0) {
      return null;
    }
    int slot = ring.slot(position);
    CapturedCall call = calls[slot];
    calls[slot] = null;
    ring.release(position);
    return call;
  }
}
