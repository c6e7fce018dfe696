package dev.modelwatch.agent.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DriftWindowTest {

  @Test
  void emptyWindowCountsNothing() {
    DriftWindow window = new DriftWindow(3, 4);
    assertArrayEquals(new long[] {0, 0, 0}, window.counts());
    assertEquals(0, window.total());
    assertArrayEquals(new long[] {0, 0, 0}, window.counts(new long[] {0, 0, 0}));
  }

  @Test
  void partialSliceShowsBeforeTheFirstRotation() {
    DriftWindow window = new DriftWindow(2, 3);
    assertArrayEquals(new long[] {4, 1}, window.counts(new long[] {4, 1}));
    assertEquals(5, window.total(new long[] {4, 1}));
    // complete slices only: nothing has been closed yet
    assertArrayEquals(new long[] {0, 0}, window.counts());
  }

  @Test
  void windowSumsTheLastSlicesAndWrapsAround() {
    // three slices; per-slice increments of bin 0: 1, 2, 4, 8, 16, 32 and of bin 1: 10 each
    DriftWindow window = new DriftWindow(2, 3);
    long[] cumulative = new long[2];
    long[] increments = {1, 2, 4, 8, 16, 32};
    long[][] expectedComplete = {{1, 10}, {3, 20}, {7, 30}, {14, 30}, {28, 30}, {56, 30}};
    for (int i = 0; i < increments.length; i++) {
      cumulative[0] += increments[i];
      cumulative[1] += 10;
      window.rotate(cumulative);
      assertArrayEquals(expectedComplete[i], window.counts(), "after rotation " + (i + 1));
      assertEquals(expectedComplete[i][0] + expectedComplete[i][1], window.total());
    }
    // partial slice of 100 in bin 1 plus the two complete slices before it (16 and 32 in bin 0)
    long[] now = {cumulative[0], cumulative[1] + 100};
    assertArrayEquals(new long[] {48, 120}, window.counts(now));
    assertEquals(168, window.total(now));
    long[] target = {-1, -1};
    assertEquals(168, window.countsInto(now, target));
    assertArrayEquals(new long[] {48, 120}, target);
  }

  @Test
  void aShiftShowsWithinOneSliceAndFadesAfterTheWindow() {
    DriftWindow window = new DriftWindow(2, 2);
    long[] cumulative = {0, 0};
    // steady state: everything in bin 0
    for (int i = 0; i < 5; i++) {
      cumulative[0] += 100;
      window.rotate(cumulative);
    }
    assertArrayEquals(new long[] {200, 0}, window.counts());
    // one slice of shifted data: all of it in bin 1
    cumulative[1] += 100;
    assertArrayEquals(new long[] {100, 100}, window.counts(cumulative), "shown while partial");
    window.rotate(cumulative);
    assertArrayEquals(new long[] {100, 100}, window.counts(), "shown once the slice closes");
    // back to normal: the shifted slice stays for one more period, then it is gone
    cumulative[0] += 100;
    window.rotate(cumulative);
    assertArrayEquals(new long[] {100, 100}, window.counts());
    cumulative[0] += 100;
    window.rotate(cumulative);
    assertArrayEquals(new long[] {200, 0}, window.counts(), "faded after the window");
  }

  @Test
  void singleSliceWindowHoldsOnlyTheLastSlice() {
    DriftWindow window = new DriftWindow(1, 1);
    window.rotate(new long[] {5});
    assertArrayEquals(new long[] {5}, window.counts());
    window.rotate(new long[] {12});
    assertArrayEquals(new long[] {7}, window.counts());
    // with one slice, the partial-slice window is the current slice alone
    assertArrayEquals(new long[] {3}, window.counts(new long[] {15}));
  }

  @Test
  void startsFromCountersThatAlreadyRan() {
    DriftWindow window = new DriftWindow(new long[] {50, 70}, 2);
    assertArrayEquals(new long[] {0, 0}, window.counts());
    assertArrayEquals(new long[] {1, 2}, window.counts(new long[] {51, 72}));
    window.rotate(new long[] {55, 71});
    assertArrayEquals(new long[] {5, 1}, window.counts());
  }

  @Test
  void decreasingCountersCountAsZero() {
    DriftWindow window = new DriftWindow(2, 2);
    window.rotate(new long[] {10, 10});
    window.rotate(new long[] {4, 15});
    assertArrayEquals(new long[] {4, 15}, window.counts());
    window.rotate(new long[] {6, 16});
    assertArrayEquals(new long[] {0, 6}, window.counts());
  }

  @Test
  void rotationDoesNotKeepTheCallersArray() {
    DriftWindow window = new DriftWindow(1, 2);
    long[] cumulative = {3};
    window.rotate(cumulative);
    cumulative[0] = 1000;
    assertArrayEquals(new long[] {3}, window.counts());
  }

  @Test
  void rejectsWrongShapes() {
    assertThrows(IllegalArgumentException.class, () -> new DriftWindow(0, 3));
    assertThrows(IllegalArgumentException.class, () -> new DriftWindow(3, 0));
    DriftWindow window = new DriftWindow(3, 2);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> window.rotate(new long[2]));
    assertEquals(
        "the window has 3 bins but 2 counts were given; use the same bin edges as the"
            + " baseline",
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> window.counts(new long[4]));
    assertThrows(IllegalArgumentException.class, () -> window.countsInto(new long[3], new long[2]));
  }
}
