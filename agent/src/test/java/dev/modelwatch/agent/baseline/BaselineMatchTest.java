package dev.modelwatch.agent.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.record.NumericHistogram;
import dev.modelwatch.agent.record.NumericSpec;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.baseline.BaselineProfile;
import dev.modelwatch.config.baseline.CategoricalDistribution;
import dev.modelwatch.config.baseline.NumericDistribution;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matching a baseline against a model's config, column by column. */
class BaselineMatchTest {

  private static final Path FILE = Path.of("/models/wine-baseline.yaml");

  private static ModelConfig model() throws Exception {
    return ConfigLoader.parse(
            String.join(
                "\n",
                "models:",
                "  - name: wine",
                "    intercept: {class: com.example.Scorer, method: score}",
                "    features:",
                "      - {name: alcohol, index: 0, buckets: [9, 11]}",
                "      - {name: color, kind: categorical, index: 1}",
                "      - {name: region, kind: categorical, index: 2}",
                "    outputs:",
                "      - {name: quality, kind: regression}",
                "      - {name: grade, kind: classification}",
                ""),
            null)
        .models()
        .get(0);
  }

  private static NumericDistribution numeric(double... edges) {
    double[] shares = new double[edges.length + 1];
    java.util.Arrays.fill(shares, 1.0 / shares.length);
    return new NumericDistribution(edges, shares, 8.0, 14.0, 10.5, 1.0, 0.0, 100);
  }

  private static CategoricalDistribution categories(String... names) {
    Map<String, Double> shares = new LinkedHashMap<>();
    for (String name : names) {
      shares.put(name, 1.0 / names.length);
    }
    shares.put(CategoricalDistribution.OTHER, 0.0);
    return new CategoricalDistribution(shares, 0.0, 100);
  }

  @Test
  void columnsWithoutACountAreNamedInOneNote() throws Exception {
    Map<String, Double> regions = new LinkedHashMap<>();
    regions.put("north", 1.0);
    regions.put(CategoricalDistribution.OTHER, 0.0);
    BaselineProfile profile =
        BaselineProfile.builder("wine")
            .numericFeature(
                "alcohol",
                new NumericDistribution(
                    new double[] {10}, new double[] {0.5, 0.5}, 8.0, 14.0, 10.5, 1.0, 0.0, 0))
            .categoricalFeature("color", categories("white", "red"))
            .categoricalFeature("region", new CategoricalDistribution(regions, 0.0, 0))
            .numericOutput("quality", numeric(5, 6))
            .categoricalOutput("grade", categories("high", "low"))
            .build();
    ModelBaseline baseline = ModelBaseline.match(model(), profile, FILE);
    assertEquals(List.of(), baseline.problems());
    assertEquals(List.of("alcohol", "region"), baseline.withoutCount());
    // the buckets note, then one line for every column without a count
    assertEquals(2, baseline.notes().size());
    assertEquals(
        "the baseline has no count (count: 0) for alcohol, region: their KS and chi-squared p-values"
            + " treat the baseline as exact (one-sample tests), which makes them too small when the baseline comes"
            + " from few rows. Make the baseline with the `baseline` command, which records each column's count,"
            + " for two-sample tests",
        baseline.notes().get(1));
    assertEquals(baseline.notes().get(1), baseline.withoutCountNote());
  }

  @Test
  void matchedColumnsGiveTheirEdgesRangeAndCategories() throws Exception {
    BaselineProfile profile =
        BaselineProfile.builder("wine")
            .numericFeature("alcohol", numeric(9.5, 10.5, 11.5))
            .categoricalFeature("color", categories("white", "red"))
            .categoricalFeature("region", categories("north"))
            .numericOutput("quality", numeric(5, 6))
            .categoricalOutput("grade", categories("high", "low"))
            .build();
    ModelBaseline baseline = ModelBaseline.match(model(), profile, FILE);
    assertEquals(List.of(), baseline.problems());
    // configured buckets give way to the baseline's edges, with a note rather than an error
    assertEquals(1, baseline.notes().size());
    assertTrue(
        baseline
            .notes()
            .get(0)
            .startsWith(
                "feature 'alcohol': the configured buckets are replaced by the"
                    + " baseline's 3 bin edges"),
        baseline.notes().get(0));
    // every column has a count: p-values are two-sample tests, nothing to say
    assertEquals(List.of(), baseline.withoutCount());
    assertEquals(null, baseline.withoutCountNote());
    NumericSpec alcohol = baseline.feature("alcohol", new double[] {9, 11});
    assertArrayEquals(new double[] {9.5, 10.5, 11.5}, alcohol.bounds());
    assertEquals(8.0, alcohol.min());
    assertEquals(14.0, alcohol.max());
    assertArrayEquals(new double[] {5, 6}, baseline.output("quality", null).bounds());
    assertEquals(List.of("white", "red", "__other__"), baseline.categories("color"));
    assertEquals(List.of("high", "low", "__other__"), baseline.classes("grade"));
    // a name the baseline does not know falls back to the config, then the defaults
    assertArrayEquals(new double[] {1, 2}, baseline.feature("sugar", new double[] {1, 2}).bounds());
    assertArrayEquals(NumericHistogram.DEFAULT_BOUNDS, baseline.output("other", null).bounds());
    assertTrue(Double.isNaN(baseline.output("other", null).min()));
    assertEquals(List.of(), baseline.categories("sugar"));
  }

  @Test
  void everyMismatchIsOneProblemNamingTheColumn() throws Exception {
    BaselineProfile profile =
        BaselineProfile.builder("red-wine")
            .categoricalFeature("alcohol", categories("high"))
            .numericFeature("color", numeric(0.5))
            .numericFeature("sugar", numeric(2))
            .categoricalOutput("quality", categories("good"))
            .build();
    ModelBaseline baseline = ModelBaseline.match(model(), profile, FILE);
    assertEquals(
        List.of(
            "the baseline is for model 'red-wine', not 'wine'; it is used anyway, but check that the config names the"
                + " right file",
            "feature 'alcohol' is numeric in the config but categorical in the baseline: it is recorded without the"
                + " baseline and gets no drift. Fix: make the kinds agree, then regenerate the baseline",
            "feature 'color' is categorical in the config but numeric in the baseline: it is recorded without the"
                + " baseline and gets no drift. Fix: make the kinds agree, then regenerate the baseline",
            "feature 'region' is configured but not in the baseline: it is recorded on its own categories and gets no"
                + " drift. Fix: regenerate the baseline from training data that has a column 'region'",
            "output 'quality' is a regression output in the config but categorical in the baseline: it gets no drift."
                + " Fix: make the kinds agree, then regenerate the baseline",
            "output 'grade' is configured but not in the baseline: it gets no drift. Fix: regenerate the baseline from"
                + " data with a column 'grade' (the model's predictions on the training data)",
            "features.sugar is in the baseline but the model configures no feature of that name; it is ignored. Fix:"
                + " add the feature to the config, or correct its name"),
        baseline.problems());
    assertTrue(baseline.numericFeatures().isEmpty());
    assertTrue(baseline.categoricalFeatures().isEmpty());
    assertTrue(baseline.numericOutputs().isEmpty());
    assertTrue(baseline.classOutputs().isEmpty());
    // unmatched columns keep the config's buckets
    assertArrayEquals(
        new double[] {9, 11}, baseline.feature("alcohol", new double[] {9, 11}).bounds());
  }
}
