package dev.modelwatch.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Every lookup is checked against a plain scan for the first bound the value does not exceed. */
class BucketIndexTest {
  /** The {@code le} rule, written out: the first bound {@code >= value}, else the +Inf bucket. */
  private static int scan(double[] bounds, double value) {
    for (int i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        return i;
      }
    }
    return bounds.length;
  }

  private static void assertAgreesWithScan(double[] bounds, long seed) {
    BucketIndex index = BucketIndex.of(bounds);
    List<Double> values = new ArrayList<>();
    for (double b : bounds) {
      values.add(b);
      values.add(Math.nextUp(b));
      values.add(Math.nextDown(b));
      values.add(-b);
    }
    double[] special = {
      0.0,
      -0.0,
      Double.MIN_VALUE,
      -Double.MIN_VALUE,
      Double.MIN_NORMAL,
      -Double.MIN_NORMAL,
      Double.MAX_VALUE,
      -Double.MAX_VALUE,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      1e-300,
      -1e-300,
      1e300,
      -1e300
    };
    for (double v : special) {
      values.add(v);
    }
    SplittableRandom random = new SplittableRandom(seed);
    double lo = bounds.length == 0 ? -1 : bounds[0];
    double hi = bounds.length == 0 ? 1 : bounds[bounds.length - 1];
    double width = Math.max(hi - lo, 1e-9);
    for (int i = 0; i < 200_000; i++) {
      // uniform around the bounds, and log-uniform magnitudes of both signs
      values.add(lo - width * 0.1 + random.nextDouble() * width * 1.2);
      double magnitude = Math.pow(10, random.nextDouble() * 40 - 20);
      values.add(random.nextBoolean() ? magnitude : -magnitude);
      values.add(Double.longBitsToDouble(random.nextLong()));
    }
    for (double v : values) {
      if (v != v) {
        continue; // NaN is counted as missing before any lookup
      }
      assertEquals(scan(bounds, v), index.indexOf(v), () -> "value " + v);
    }
  }

  @Test
  void defaultBoundsOneCellPerBinade() {
    assertAgreesWithScan(NumericHistogram.DEFAULT_BOUNDS, 1);
    assertEquals(52, BucketIndex.of(NumericHistogram.DEFAULT_BOUNDS).shift());
  }

  @Test
  void quantileLikeEdgesGetFinerCellsThanABinade() {
    double[] bounds = {2.1, 3.7, 4.4, 6.0, 7.9, 9.6, 10.3, 11.1, 12.8, 14.5, 17.2};
    assertAgreesWithScan(bounds, 2);
    assertTrue(BucketIndex.of(bounds).shift() < 52);
    assertTrue(BucketIndex.of(bounds).cells() <= 256);
  }

  @Test
  void negativeOnlyAndMixedSigns() {
    assertAgreesWithScan(new double[] {-50, -20, -7.5, -3, -1}, 3);
    assertAgreesWithScan(new double[] {-3, -1e-9, 0, 1e-9, 3}, 4);
  }

  @Test
  void boundsOneUlpApartAndBoundsFarApart() {
    assertAgreesWithScan(new double[] {1.0, Math.nextUp(1.0), Math.nextUp(Math.nextUp(1.0))}, 5);
    assertAgreesWithScan(new double[] {-1e300, -1, 0, 1, 1e300}, 6);
    assertAgreesWithScan(new double[] {-Double.MAX_VALUE, Double.MAX_VALUE}, 7);
  }

  @Test
  void crowdedBoundsStillExactWhenCellsCannotSeparateThem() {
    // 20 bounds inside [1, 1.00001) plus far ones: no table within the cap separates them all
    double[] bounds = new double[23];
    bounds[0] = -1e200;
    for (int i = 1; i <= 20; i++) {
      bounds[i] = 1 + i * 1e-7;
    }
    bounds[21] = 1e100;
    bounds[22] = 1e200;
    assertAgreesWithScan(bounds, 8);
  }

  @Test
  void boundsPastTheByteTableAreReachedByStepping() {
    double[] bounds = new double[300];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = i * 0.37 - 40;
    }
    assertAgreesWithScan(bounds, 9);
  }

  @Test
  void singleAndNoBounds() {
    assertAgreesWithScan(new double[] {0.5}, 10);
    assertAgreesWithScan(new double[] {0}, 11);
    assertAgreesWithScan(new double[0], 12);
  }

  @Test
  void equalBoundsShareOneIndex() {
    assertSame(BucketIndex.of(new double[] {1, 2, 3}), BucketIndex.of(new double[] {1, 2, 3}));
  }
}
