package dev.modelwatch.agent.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.modality.Classifications;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import dev.modelwatch.extension.OutputSink;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The DJL extractors on real DJL values (NDArrays of the OnnxRuntime engine, Classifications). */
class DjlExtractorsTest {
  static ModelConfig model(String rest) throws Exception {
    return ConfigLoader.parse("models:\n  - name: m\n    intercept: {library: djl}\n" + rest, null)
        .models()
        .get(0);
  }

  @Test
  void ndListArraysAreReadByNameOneRowPerFirstDimension() throws Exception {
    ModelConfig model =
        model(
            "    features:\n      - {name: a, input: x, index: 1}\n      - {name: b, index: 0}\n");
    try (NDManager manager = NDManager.newBaseManager("OnnxRuntime")) {
      NDArray first = manager.create(new float[] {9f, 8f, 7f}, new Shape(3, 1));
      NDArray x = manager.create(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, new Shape(3, 2));
      x.setName("x");
      NDList list = new NDList(first, x);
      Values sink = new Values();
      new DjlInputExtractor(model.features()).extract(List.of(list), sink);
      // feature a: column 1 of each of the 3 rows of "x"; feature b: column 0 of the first array
      assertEquals(List.of("0=2.0", "0=4.0", "0=6.0", "1=9.0", "1=8.0", "1=7.0"), sink.values);
      assertEquals(3, sink.rows);
      NDArray single = manager.create(new float[] {1f, 2f}, new Shape(1, 2));
      single.setName("x");
      ExtractionException e =
          assertThrows(
              ExtractionException.class,
              () ->
                  new DjlInputExtractor(model.features())
                      .extract(List.of(new NDList(first, single)), new Values()));
      assertTrue(
          e.getMessage().contains("reads an NDArray of 3 rows, but another feature's array has 1"),
          e.getMessage());
    }
  }

  @Test
  void plainRowsAreOneRowPerListElementShortRowsAndNullsCountTheirRow() throws Exception {
    DjlInputExtractor extractor =
        new DjlInputExtractor(
            model("    features: [{name: alcohol, index: 2}, {name: sugar, index: 0}]\n")
                .features());
    Values sink = new Values();
    extractor.extract(List.of(new float[] {1, 2, 3}, new float[] {4, 5, 6}), sink);
    assertEquals(List.of("0=3.0", "1=1.0", "0=6.0", "1=4.0"), sink.values);
    assertEquals(2, sink.rows);
    Values shortRow = new Values();
    extractor.extract(List.of(new float[] {7}), shortRow);
    assertEquals(2, shortRow.values.size(), shortRow.values.toString());
    assertTrue(
        shortRow
            .values
            .get(0)
            .startsWith(
                "0=unreadable: feature 'alcohol' reads index 2 of the input, but the input is a float[1]"),
        shortRow.values.toString());
    assertEquals("1=7.0", shortRow.values.get(1));
    assertEquals(1, shortRow.rows);
    Values nulls = new Values();
    extractor.extract(java.util.Arrays.asList(new float[] {1, 2, 3}, null), nulls);
    assertEquals(List.of("0=3.0", "1=1.0", "0=missing", "1=missing"), nulls.values);
    assertEquals(2, nulls.rows);
  }

  @Test
  void classificationsGiveBestClassOrTheProbabilityOfAKey() throws Exception {
    ModelConfig model =
        model(
            "    outputs:\n      - {name: cls, kind: classification}\n      - {name: p_low, kind: regression, key: low}\n");
    Classifications c =
        new Classifications(List.of("high", "low", "medium"), List.of(0.2, 0.3, 0.5));
    Classifications d =
        new Classifications(List.of("high", "low", "medium"), List.of(0.7, 0.1, 0.2));
    Values sink = new Values();
    new DjlOutputExtractor(model.outputs()).extract(List.of(c, d), Double.NaN, sink);
    assertEquals(List.of("0=medium@0.5", "1=0.3", "0=high@0.7", "1=0.1"), sink.values);
  }

  @Test
  void numbersAreRegressionOutputsOnePerElement() throws Exception {
    Values sink = new Values();
    new DjlOutputExtractor(model("    outputs: [{name: q, kind: regression}]\n").outputs())
        .extract(List.of(5.5f, 6.25f), Double.NaN, sink);
    assertEquals(List.of("0=5.5", "0=6.25"), sink.values);
  }

  /** Records what was written as "index=value" strings. */
  static final class Values implements FeatureSink, OutputSink {
    final List<String> values = new ArrayList<>();
    int rows;

    @Override
    public void numeric(int feature, double value) {
      values.add(feature + "=" + value);
    }

    @Override
    public void category(int feature, String value) {
      values.add(feature + "=" + value);
    }

    @Override
    public void categoryCode(int feature, double code) {
      values.add(feature + "=" + code);
    }

    @Override
    public void missing(int feature) {
      values.add(feature + "=missing");
    }

    @Override
    public void unreadable(int feature, ExtractionException problem) {
      values.add(feature + "=unreadable: " + problem.getMessage());
    }

    @Override
    public void endRow() {
      rows++;
    }

    @Override
    public void value(int output, double value) {
      values.add(output + "=" + value);
    }

    @Override
    public void predictedClass(int output, String label, double confidence) {
      values.add(output + "=" + label + "@" + confidence);
    }
  }
}
