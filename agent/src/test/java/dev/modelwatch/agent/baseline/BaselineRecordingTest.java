package dev.modelwatch.agent.baseline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.baseline.BaselineProfile;
import dev.modelwatch.config.baseline.CategoricalDistribution;
import dev.modelwatch.config.baseline.NumericDistribution;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Record mode: the first N values of each column, then a baseline built from exactly those. */
class BaselineRecordingTest {

  private static ModelConfig model() throws Exception {
    return ConfigLoader.parse(
            String.join(
                "\n",
                "models:",
                "  - name: wine",
                "    intercept: {class: com.example.Scorer, method: score}",
                "    features:",
                "      - {name: x, index: 0}",
                "      - {name: color, kind: categorical, index: 1}",
                "    outputs:",
                "      - {name: score, kind: regression}",
                "      - {name: grade, kind: classification}",
                "    baseline: {record: recorded.yaml, rows: 10}",
                ""),
            Path.of("/tmp/modelwatch.yaml"))
        .models()
        .get(0);
  }

  @Test
  void keepsTheFirstRowsOfEachColumnAndDescribesThem() throws Exception {
    ModelConfig model = model();
    assertEquals(Path.of("/tmp/recorded.yaml"), model.baseline().file());
    BaselineRecording recording =
        new BaselineRecording(model, model.baseline().file(), model.baseline().rows(), 20)
            .clock(Clock.fixed(Instant.parse("2026-11-21T12:00:00Z"), ZoneOffset.UTC));
    for (int i = 1; i <= 9; i++) {
      // x is 10, 20, ..., 90, then missing once; the values after the tenth row are dropped
      recording.featureValue(0, 10.0 * i);
      recording.featureCategory(1, i <= 6 ? "white" : "red");
      recording.outputValue(0, i);
    }
    assertFalse(recording.fillComplete());
    recording.featureValue(0, Double.NaN);
    assertFalse(recording.fillComplete());
    recording.featureCategory(1, null);
    assertTrue(recording.fillComplete());
    recording.featureValue(0, 1000);
    recording.featureCategory(1, "rose");

    BaselineProfile profile = recording.profile();
    assertEquals(10, profile.rows());
    assertEquals(Instant.parse("2026-11-21T12:00:00Z"), profile.createdAt());
    NumericDistribution x = profile.numericFeatures().get("x");
    assertEquals(9, x.count());
    assertEquals(0.1, x.missingShare());
    assertEquals(10.0, x.min());
    assertEquals(90.0, x.max());
    // type 7 quantiles of 10..90 (9 values) at j/10: 10 + 80 j / 10 = 10 + 8 j
    double[] edges = new double[9];
    for (int j = 1; j <= 9; j++) {
      edges[j - 1] = 10 + 8.0 * j;
    }
    assertArrayEquals(edges, x.edges(), 1e-12);
    // le bins over 18, 26, ..., 82: one value each, except (50, 58], which holds none
    assertArrayEquals(
        new double[] {
          1 / 9.0, 1 / 9.0, 1 / 9.0, 1 / 9.0, 1 / 9.0, 0, 1 / 9.0, 1 / 9.0, 1 / 9.0, 1 / 9.0
        },
        x.shares(),
        1e-12);
    CategoricalDistribution color = profile.categoricalFeatures().get("color");
    assertEquals(List.of("white", "red", "__other__"), color.categories());
    assertEquals(Map.of("white", 6 / 9.0, "red", 3 / 9.0, "__other__", 0.0), color.shares());
    assertEquals(0.1, color.missingShare());
    // outputs are kept as they come: 9 scores, no class seen (left out)
    assertEquals(9, profile.numericOutputs().get("score").count());
    assertTrue(profile.categoricalOutputs().isEmpty());
  }
}
