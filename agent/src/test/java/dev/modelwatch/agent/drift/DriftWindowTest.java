package dev.modelwatch.agent.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The window as the drift engine reads it: {@link DriftWindow#counts(long[])} at a scrape covers
 * the current partial slice and the {@code slices - 1} complete ones before it.
 */
class DriftWindowTest {

  @Test
  void emptyWindowCountsNothing() {
    DriftWindow window = new DriftWindow(new long[3], 4);
    assertArrayEquals(new long[] {0, 0, 0}, window.counts(new long[] {0, 0, 0}));
  }

  @Test
  void partialSliceShowsBeforeTheFirstRotation() {
    DriftWindow window = new DriftWindow(new long[2], 3);
    assertArrayEquals(new long[] {4, 1}, window.counts(new long[] {4, 1}));
  }

  @Test
  void windowSumsTheLastSlicesAndWrapsAround() {
    // three slices; per-slice increments of bin 0: 1, 2, 4, 8, 16, 32 and of bin 1: 10 each. Read
    // right after a rotation, the window holds the two complete slices before the empty partial one
    DriftWindow window = new DriftWindow(new long[2], 3);
    long[] cumulative = new long[2];
    long[] increments = {1, 2, 4, 8, 16, 32};
    long[][] expected = {{1, 10}, {3, 20}, {6, 20}, {12, 20}, {24, 20}, {48, 20}};
    for (int i = 0; i < increments.length; i++) {
      cumulative[0] += increments[i];
      cumulative[1] += 10;
      window.rotate(cumulative);
      assertArrayEquals(expected[i], window.counts(cumulative), "after rotation " + (i + 1));
    }
    // partial slice of 100 in bin 1 plus the two complete slices before it (16 and 32 in bin 0)
    long[] now = {cumulative[0], cumulative[1] + 100};
    assertArrayEquals(new long[] {48, 120}, window.counts(now));
  }

  @Test
  void aShiftShowsWithinOneSliceAndFadesAfterTheWindow() {
    DriftWindow window = new DriftWindow(new long[2], 2);
    long[] cumulative = {0, 0};
    // steady state: everything in bin 0
    for (int i = 0; i < 5; i++) {
      cumulative[0] += 100;
      window.rotate(cumulative);
    }
    assertArrayEquals(new long[] {100, 0}, window.counts(cumulative));
    // one slice of shifted data: all of it in bin 1
    cumulative[1] += 100;
    assertArrayEquals(new long[] {100, 100}, window.counts(cumulative), "shown while partial");
    window.rotate(cumulative);
    assertArrayEquals(new long[] {0, 100}, window.counts(cumulative), "shown once it closes");
    // back to normal: the shifted slice stays for one more period, then it is gone
    cumulative[0] += 100;
    assertArrayEquals(new long[] {100, 100}, window.counts(cumulative));
    window.rotate(cumulative);
    assertArrayEquals(new long[] {100, 0}, window.counts(cumulative), "faded after the window");
  }

  @Test
  void singleSliceWindowHoldsOnlyThePartialSlice() {
    DriftWindow window = new DriftWindow(new long[1], 1);
    window.rotate(new long[] {5});
    assertArrayEquals(new long[] {0}, window.counts(new long[] {5}));
    window.rotate(new long[] {12});
    assertArrayEquals(new long[] {3}, window.counts(new long[] {15}));
  }

  @Test
  void startsFromCountersThatAlreadyRan() {
    DriftWindow window = new DriftWindow(new long[] {50, 70}, 2);
    assertArrayEquals(new long[] {0, 0}, window.counts(new long[] {50, 70}));
    assertArrayEquals(new long[] {1, 2}, window.counts(new long[] {51, 72}));
    window.rotate(new long[] {55, 71});
    assertArrayEquals(new long[] {6, 2}, window.counts(new long[] {56, 72}));
  }

  @Test
  void decreasingCountersCountAsZero() {
    DriftWindow window = new DriftWindow(new long[2], 2);
    window.rotate(new long[] {10, 10});
    window.rotate(new long[] {12, 12});
    assertArrayEquals(new long[] {0, 5}, window.counts(new long[] {4, 15}));
  }

  @Test
  void rotationDoesNotKeepTheCallersArray() {
    DriftWindow window = new DriftWindow(new long[1], 1);
    long[] cumulative = {3};
    window.rotate(cumulative);
    cumulative[0] = 1000;
    assertArrayEquals(new long[] {1}, window.counts(new long[] {4}));
  }

  @Test
  void rejectsWrongShapes() {
    assertThrows(IllegalArgumentException.class, () -> new DriftWindow(new long[0], 3));
    assertThrows(IllegalArgumentException.class, () -> new DriftWindow(new long[3], 0));
    DriftWindow window = new DriftWindow(new long[3], 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> window.rotate(new long[2]));
    assertEquals(
        "the window has 3 bins but 2 counts were given; use the same bin edges as the"
            + " baseline",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> window.counts(new long[4]));
  }
}
