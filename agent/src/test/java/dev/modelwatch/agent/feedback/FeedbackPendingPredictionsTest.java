package dev.modelwatch.agent.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FeedbackPendingPredictionsTest {

  @Test
  void findsEveryPendingKeyAndForgetsRemovedOnes() {
    PendingPredictions pending = new PendingPredictions(1000);
    for (long k = 0; k < 1000; k++) {
      assertEquals(0, pending.add(k * 7919, k, null, k));
    }
    for (long k = 0; k < 1000; k += 2) {
      pending.remove(pending.find(k * 7919));
    }
    assertEquals(500, pending.size());
    for (long k = 0; k < 1000; k++) {
      int position = pending.find(k * 7919);
      if (k % 2 == 0) {
        assertEquals(-1, position, "key " + k);
      } else {
        assertEquals((double) k, pending.value(position), 0);
      }
    }
  }

  @Test
  void theOldestIsDroppedWhenFull() {
    PendingPredictions pending = new PendingPredictions(3);
    pending.add(1, 1, null, 1);
    pending.add(2, 2, null, 2);
    pending.add(3, 3, null, 3);
    assertEquals(1, pending.add(4, 4, null, 4));
    assertEquals(-1, pending.find(1));
    assertEquals(3, pending.size());
    assertEquals(4.0, pending.value(pending.find(4)), 0);
  }

  @Test
  void aMatchedSlotFreesRoomWithoutDroppingAnother() {
    PendingPredictions pending = new PendingPredictions(2);
    pending.add(1, 1, null, 1);
    pending.add(2, 2, null, 2);
    pending.remove(pending.find(1));
    assertEquals(0, pending.add(3, 3, null, 3));
    assertEquals(2.0, pending.value(pending.find(2)), 0);
  }

  @Test
  void expiresOnlyPredictionsOlderThanTheCutOff() {
    PendingPredictions pending = new PendingPredictions(10);
    for (long t = 0; t < 10; t++) {
      pending.add(100 + t, t, "c" + t, t);
    }
    pending.remove(pending.find(101));
    assertEquals(3, pending.expire(4)); // times 0, 2, 3 (1 was matched)
    assertEquals(-1, pending.find(103));
    assertEquals("c4", pending.predictedClass(pending.find(104)));
    assertEquals(6, pending.size());
  }

  @Test
  void holesLeftByMatchesAreReusedBeforeAnythingIsDropped() {
    PendingPredictions pending = new PendingPredictions(4);
    for (long k = 0; k < 1000; k++) {
      assertEquals(0, pending.add(k, k, null, k), "add " + k);
      if (k >= 3) {
        pending.remove(pending.find(k - 3)); // at most 4 wait at any time
      }
    }
    assertEquals(3, pending.size());
    assertEquals(999.0, pending.value(pending.find(999)), 0);
  }

  @Test
  void memoryIsFixedByTheCapacity() {
    // 150,000 ring slots of 29 bytes and 262,144 index slots of 4 bytes
    assertEquals(150_000L * 29 + 262_144L * 4, new PendingPredictions(100_000).bytes());
  }

  @Test
  void aRepeatedIdReplacesTheEarlierPrediction() {
    PendingPredictions pending = new PendingPredictions(4);
    pending.add(9, 1, null, 1);
    pending.add(9, 2, null, 2);
    assertEquals(1, pending.size());
    assertEquals(2.0, pending.value(pending.find(9)), 0);
    assertEquals(1, pending.replaced());
  }

  @Test
  void onlyARepeatedKeyCountsAsReplaced() {
    PendingPredictions pending = new PendingPredictions(2);
    pending.add(1, 1, null, 1);
    pending.add(2, 2, null, 2);
    pending.add(3, 3, null, 3); // drops 1 for room: dropped, not replaced
    pending.add(3, 4, null, 4);
    pending.add(3, 5, null, 5);
    pending.remove(pending.find(3)); // matched
    pending.add(3, 6, null, 6); // nothing pending under 3 any more
    assertEquals(2, pending.replaced());
    assertEquals(2, pending.size());
  }

  /** Random adds, removes and expiries against a plain map and queue as the model. */
  @Test
  void behavesLikeAMapWithAnOrderedQueue() {
    SplittableRandom random = new SplittableRandom(3);
    int capacity = 64;
    PendingPredictions pending = new PendingPredictions(capacity);
    Map<Long, Double> model = new HashMap<>();
    Deque<long[]> order = new ArrayDeque<>(); // {key, time}
    long time = 0;
    long droppedSeen = 0;
    long droppedModel = 0;
    for (int step = 0; step < 20_000; step++) {
      long key = random.nextInt(200);
      int action = random.nextInt(10);
      if (action < 6) {
        time++;
        if (model.containsKey(key)) {
          order.removeIf(e -> e[0] == key);
          model.remove(key);
        }
        if (order.size() == capacity) {
          model.remove(order.removeFirst()[0]);
          droppedModel++;
        }
        model.put(key, (double) time);
        order.addLast(new long[] {key, time});
        droppedSeen += pending.add(key, time, null, time);
      } else if (action < 9) {
        int position = pending.find(key);
        Double expected = model.remove(key);
        if (expected == null) {
          assertEquals(-1, position);
        } else {
          assertEquals(expected, pending.value(position), 0);
          pending.remove(position);
          order.removeIf(e -> e[0] == key);
        }
      } else {
        long cutOff = time - 30;
        int expiredModel = 0;
        while (!order.isEmpty() && order.peekFirst()[1] < cutOff) {
          model.remove(order.removeFirst()[0]);
          expiredModel++;
        }
        assertEquals(expiredModel, pending.expire(cutOff));
      }
      assertEquals(model.size(), pending.size());
    }
    for (long key = 0; key < 200; key++) {
      Double expected = model.get(key);
      int position = pending.find(key);
      if (expected == null) {
        assertEquals(-1, position);
      } else {
        assertEquals(expected, pending.value(position), 0);
      }
    }
    assertEquals(droppedModel, droppedSeen);
    assertEquals(true, droppedModel > 0, "the run must reach the capacity");
  }
}
