package dev.modelwatch.agent.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.modelwatch.extension.FeatureStatistics;
import java.util.List;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.linear.LinearSGDTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

class TribuoTrainingRangesTest {
  /**
   * x: 60 distinct values (Tribuo keeps real statistics); flag: 0/1 (Tribuo keeps it categorical).
   */
  static final int ROWS = 60;

  static double x(int i) {
    return 0.5 * i * i - 3 * i + 2.25;
  }

  static Model<Regressor> trainedModel() {
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("test rows", factory), factory);
    for (int i = 0; i < ROWS; i++) {
      data.add(
          new ArrayExample<>(
              new Regressor("y", 2 * x(i)),
              new String[] {"x", "flag"},
              new double[] {x(i), i % 3 == 0 ? 1 : 0}));
    }
    return new LinearSGDTrainer(new SquaredLoss(), new AdaGrad(0.1, 0.1), 2, -1, 1, 7L).train(data);
  }

  @Test
  void readsTheTrainingStatisticsTheModelCarries() throws Exception {
    DescriptiveStatistics expected = new DescriptiveStatistics();
    for (int i = 0; i < ROWS; i++) {
      expected.addValue(x(i));
    }
    TribuoTrainingRanges ranges = TribuoTrainingRanges.of(trainedModel());
    assertEquals(List.of("flag", "x"), List.copyOf(ranges.features().keySet()));
    TribuoTrainingRanges.FeatureStats x = ranges.stats("x");
    assertEquals(ROWS, x.count);
    assertEquals(expected.getMin(), x.min);
    assertEquals(expected.getMax(), x.max);
    assertEquals(expected.getMean(), x.mean, 1e-9);
    assertEquals(expected.getVariance(), x.variance, 1e-6 * expected.getVariance());
    assertEquals(ROWS, x.examples);
    // Tribuo never observes zeros: flag was 1 in every third row, and 0 elsewhere is part of the
    // range
    TribuoTrainingRanges.FeatureStats flag = ranges.stats("flag");
    assertEquals(ROWS / 3, flag.count);
    assertEquals(0, flag.min);
    assertEquals(1, flag.max);
    assertNull(ranges.stats("y"));
  }

  @Test
  void asStatisticsTheAgentGetsEachFeatureByNameWithItsRange() throws Exception {
    TribuoTrainingRanges ranges = TribuoTrainingRanges.of(trainedModel());
    FeatureStatistics x =
        ranges.statistics().stream().filter(f -> f.name().equals("x")).findFirst().orElseThrow();
    assertEquals(x(3), x.min()); // the parabola's lowest point, at i = 3
    assertEquals(x(ROWS - 1), x.max());
    assertEquals(ranges.stats("x").mean, x.mean());
    assertEquals(ranges.stats("x").count, x.count());
    assertEquals(
        ranges.features().keySet().stream().collect(java.util.stream.Collectors.toList()),
        ranges.statistics().stream()
            .map(FeatureStatistics::name)
            .collect(java.util.stream.Collectors.toList()),
        "sorted by name");
  }
}
