package dev.modelwatch.agent.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.modelwatch.extension.FeatureSpec;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Feature discovery of a DJL predictor whose engine describes no input shape: by position, from the
 * first call's first NDArray, named after it.
 */
class DjlDiscoveryByPositionTest {
  @Test
  void theColumnsOfTheFirstArrayNamedAfterIt() {
    try (NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
      NDArray named = manager.create(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, new Shape(2, 3));
      named.setName("transaction");
      List<? extends FeatureSpec> rows = DjlPredictorSite.byPosition(List.of(new NDList(named)));
      assertEquals(List.of("transaction[0]", "transaction[1]", "transaction[2]"), names(rows));
      assertEquals(
          List.of(0, 1, 2), rows.stream().map(FeatureSpec::index).collect(Collectors.toList()));
      assertNull(rows.get(0).input(), "read from the NDList's first array");

      NDArray unnamed = manager.create(new float[] {1f, 2f, 3f, 4f}, new Shape(4));
      assertEquals(
          List.of("input[0]", "input[1]", "input[2]", "input[3]"),
          names(DjlPredictorSite.byPosition(List.of(unnamed))));

      NDArray image = manager.create(new float[12], new Shape(1, 3, 2, 2));
      assertNull(
          DjlPredictorSite.byPosition(List.of(new NDList(image))),
          "an image is not a row of features");
      assertNull(DjlPredictorSite.byPosition(List.of()), "no element to look at");
      assertNull(DjlPredictorSite.byPosition(List.of("text")), "not an NDArray");
    }
  }

  private static List<String> names(List<? extends FeatureSpec> features) {
    return features.stream().map(FeatureSpec::name).collect(Collectors.toList());
  }
}
