package dev.modelwatch.agent.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.DriftConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ring of a column's recent drift statistic: bounded, oldest first, and written by the slice
 * rotation with the statistic a scrape just before it saw (PSI by its formula in {@link
 * DriftFormulas}).
 */
class StatisticHistoryTest {
  private static final double[] NUMERIC = {0.1, 0.2, 0.3, 0.4};
  private static final double[] CATEGORIES = {0.25, 0.75, 0.0};

  private static DriftConfig drift(String yaml) throws Exception {
    return ConfigLoader.parse(
            String.join(
                "\n",
                "models:",
                "  - name: wine",
                "    intercept: {class: com.example.Scorer, method: score}",
                "    drift: " + yaml,
                ""),
            null)
        .models()
        .get(0)
        .drift();
  }

  private static ModelDrift model(DriftConfig config) {
    return new ModelDrift(
        "wine",
        config,
        List.of(
            new ComparedColumn(
                "alcohol",
                false,
                ComparedColumn.Kind.NUMERIC,
                NUMERIC,
                1000,
                cells -> Arrays.copyOfRange(cells, 0, 4)),
            new ComparedColumn(
                "color",
                false,
                ComparedColumn.Kind.CATEGORICAL,
                CATEGORIES,
                1000,
                cells -> Arrays.copyOfRange(cells, 4, 7))),
        new long[7]);
  }

  @Test
  void theRingKeepsTheNewestPointsOldestFirst() {
    StatisticHistory history = new StatisticHistory("psi", 0.25, 3);
    for (int i = 1; i <= 5; i++) {
      history.add(i * 1000L, i / 10.0, DriftVerdict.Status.OK);
    }
    List<StatisticHistory.Point> points = history.points();
    assertEquals(3, points.size());
    assertEquals(List.of(3000L, 4000L, 5000L), times(points));
    assertEquals(0.3, points.get(0).value());
    assertEquals(0.5, points.get(2).value());
    assertThrows(IllegalArgumentException.class, () -> new StatisticHistory("psi", 0.25, 61));
  }

  @Test
  void capacityCoversAnHourAtMostSixtyPoints() {
    assertEquals(60, StatisticHistory.capacityFor(1_000)); // 1 s slices: the last 60
    assertEquals(60, StatisticHistory.capacityFor(60_000)); // one a minute: an hour
    assertEquals(12, StatisticHistory.capacityFor(300_000)); // the default 1h / 12
    assertEquals(2, StatisticHistory.capacityFor(7_200_000)); // 2 h slices: still a line
  }

  @Test
  void theStatisticIsTheFirstListedEffectSizeTheColumnComputes() {
    assertEquals("psi", ModelDrift.historyStatistic(false, List.of("psi", "ks", "js")));
    assertEquals("ks", ModelDrift.historyStatistic(false, List.of("ks", "psi")));
    assertEquals("psi", ModelDrift.historyStatistic(true, List.of("ks", "psi")));
    assertEquals("cramers_v", ModelDrift.historyStatistic(true, List.of("ks")));
    assertNull(ModelDrift.historyStatistic(false, List.of("chi2")));
  }

  @Test
  void eachRotationAddsTheStatisticOfTheWindowItCloses() throws Exception {
    ModelDrift drift = model(drift("{window: 3s, slices: 3, min_samples: 10}"));
    ComparedColumn alcohol = drift.columns().get(0);
    assertEquals("psi", alcohol.history().statistic());
    assertEquals(0.25, alcohol.history().threshold());
    assertEquals(60, alcohol.history().capacity());

    // a window with too few values: a gap, pending
    drift.rotate(new long[] {1, 1, 1, 1, 1, 1, 0}, 1_000);
    // then three slices of traffic, each read by a scrape just before its rotation
    long[][] cells = {
      {11, 21, 31, 41, 26, 76, 0},
      {21, 31, 81, 141, 36, 96, 0},
      {221, 31, 81, 151, 86, 106, 0},
    };
    List<Double> seen = new ArrayList<>();
    for (int i = 0; i < cells.length; i++) {
      DriftSnapshot snapshot = drift.compute(cells[i]);
      seen.add(snapshot.columns().get(0).statistics().get("psi"));
      drift.rotate(cells[i], 2_000 + i * 1000L);
    }
    List<StatisticHistory.Point> points = alcohol.history().points();
    assertEquals(List.of(1000L, 2000L, 3000L, 4000L), times(points));
    assertTrue(Double.isNaN(points.get(0).value()));
    assertEquals(DriftVerdict.Status.PENDING, points.get(0).status());
    // the window of 3 slices: each point is the PSI of the values since 3 rotations before it
    // (from the start for the first two)
    double[] expected = {
      DriftFormulas.psi(NUMERIC, new long[] {11, 21, 31, 41}),
      DriftFormulas.psi(NUMERIC, new long[] {21, 31, 81, 141}),
      DriftFormulas.psi(NUMERIC, new long[] {220, 30, 80, 150}),
    };
    for (int i = 0; i < expected.length; i++) {
      assertEquals(seen.get(i), points.get(i + 1).value(), "point " + (i + 1));
      assertEquals(expected[i], points.get(i + 1).value(), 1e-12, "point " + (i + 1));
    }
    // the last window: 220 of 480 values in the first bin (baseline 10 %): drift
    assertEquals(DriftVerdict.Status.DRIFT, points.get(3).status());
    // a snapshot taken with its history shows the ring as it was at that moment
    DriftSnapshot withHistory = drift.computeWithHistory(cells[2]);
    assertEquals(4, withHistory.history(alcohol).size());
    assertEquals(0, drift.compute(cells[2]).history(alcohol).size());
    // the categorical column keeps PSI too (listed first), with its own value per rotation
    assertEquals("psi", drift.columns().get(1).history().statistic());
    assertEquals(
        DriftFormulas.psi(CATEGORIES, new long[] {85, 105, 0}),
        drift.columns().get(1).history().points().get(3).value(),
        1e-12);
  }

  private static List<Long> times(List<StatisticHistory.Point> points) {
    List<Long> times = new ArrayList<>();
    for (StatisticHistory.Point p : points) {
      times.add(p.epochMillis());
    }
    return times;
  }
}
