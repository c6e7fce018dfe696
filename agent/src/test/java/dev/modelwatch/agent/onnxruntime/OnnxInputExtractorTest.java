package dev.modelwatch.agent.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ONNX Runtime input extractor on real tensors. */
class OnnxInputExtractorTest {
  static final OrtEnvironment ENV = environment();

  /**
   * DJL's OnnxRuntime engine (used by the DJL tests in this JVM) creates the one ONNX Runtime
   * environment with its own thread pools and fails if one exists: let it create it first.
   */
  static OrtEnvironment environment() {
    ai.djl.engine.Engine.getEngine("OnnxRuntime");
    return OrtEnvironment.getEnvironment();
  }

  static ModelConfig model(String featuresAndMore) throws Exception {
    String yaml = "models:\n  - name: m\n    intercept: {library: onnxruntime}\n" + featuresAndMore;
    return ConfigLoader.parse(yaml, null).models().get(0);
  }

  static OnnxInputExtractor extractor(ModelConfig model) {
    return new OnnxInputExtractor(
        model.name(), SummaryFeatures.expand(model), model.summarizeInputs());
  }

  @Test
  void readsEachRowOfAnNByKTensorAtTheConfiguredIndex() throws Exception {
    ModelConfig model =
        model(
            "    features:\n"
                + "      - {name: b, input: x, index: 1}\n"
                + "      - {name: flag, kind: categorical, input: x, index: 2}\n"
                + "      - {name: y0, input: y, index: 0}\n");
    float[][] x = {{1f, 2f, 1f}, {4f, Float.NaN, 0f}, {7f, 8f, 1f}};
    long[][] y = {{10}, {20}, {30}};
    try (OnnxTensor tx = OnnxTensor.createTensor(ENV, x);
        OnnxTensor ty = OnnxTensor.createTensor(ENV, y)) {
      Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
      inputs.put("x", tx);
      inputs.put("y", ty);
      CollectingSink sink = new CollectingSink(3);
      extractor(model).extract(inputs, sink);
      assertEquals(3, sink.rows);
      assertEquals(List.of(2.0, Double.NaN, 8.0), sink.values.get(0));
      assertEquals(List.of(1.0, 0.0, 1.0), sink.codes.get(1));
      assertEquals(List.of(10.0, 20.0, 30.0), sink.values.get(2));
    }
  }

  @Test
  void readsATensorOverTheApplicationsOwnDirectBufferInPlace() throws Exception {
    ModelConfig model = model("    features: [{name: c, index: 2}]\n");
    FloatBuffer data =
        ByteBuffer.allocateDirect(4 * 6).order(ByteOrder.nativeOrder()).asFloatBuffer();
    data.put(new float[] {0, 1, 2, 3, 4, 5}).rewind();
    try (OnnxTensor tensor = OnnxTensor.createTensor(ENV, data, new long[] {2, 3})) {
      OnnxInputExtractor extractor = extractor(model);
      CollectingSink sink = new CollectingSink(1);
      extractor.extract(Map.of("anything", tensor), sink);
      assertEquals(List.of(2.0, 5.0), sink.values.get(0));
      // the tensor shares the application's buffer: a change there is what the next read sees
      data.put(5, 50f);
      CollectingSink again = new CollectingSink(1);
      extractor.extract(Map.of("anything", tensor), again);
      assertEquals(List.of(2.0, 50.0), again.values.get(0));
    }
  }

  @Test
  void aRankOneTensorIsOneRow() throws Exception {
    try (OnnxTensor tensor = OnnxTensor.createTensor(ENV, new double[] {3.5, 4.5})) {
      CollectingSink sink = new CollectingSink(1);
      extractor(model("    features: [{name: second, index: 1}]\n"))
          .extract(Map.of("v", tensor), sink);
      assertEquals(1, sink.rows);
      assertEquals(List.of(4.5), sink.values.get(0));
    }
  }

  @Test
  void summarizedInputsBecomeFiveStatisticsPerRow() throws Exception {
    ModelConfig model = model("    summarize_inputs: [image]\n");
    float[][][] image = {
      {{0f, 2f}, {4f, 0f}}, // count 4, mean 1.5, min 0, max 4, zero share 0.5
      {{1f, Float.NaN}, {-3f, 6f}} // count 4, mean over 3 numbers 4/3, min -3, max 6, zero share 0
    };
    List<? extends FeatureSpec> monitored = SummaryFeatures.expand(model);
    assertEquals(
        List.of("image.count", "image.mean", "image.min", "image.max", "image.zero_share"),
        monitored.stream().map(f -> f.name()).collect(java.util.stream.Collectors.toList()));
    try (OnnxTensor tensor = OnnxTensor.createTensor(ENV, image)) {
      CollectingSink sink = new CollectingSink(5);
      extractor(model).extract(Map.of("image", tensor), sink);
      assertEquals(2, sink.rows);
      assertEquals(List.of(4.0, 4.0), sink.values.get(0));
      assertEquals(List.of(1.5, 4.0 / 3.0), sink.values.get(1));
      assertEquals(List.of(0.0, -3.0), sink.values.get(2));
      assertEquals(List.of(4.0, 6.0), sink.values.get(3));
      assertEquals(List.of(0.5, 0.0), sink.values.get(4));
    }
  }

  @Test
  void unreadableInputsFailWithMessagesNamingFeatureAndWhatWasFound() throws Exception {
    OnnxInputExtractor beyond =
        extractor(model("    features: [{name: alcohol, input: x, index: 10}]\n"));
    OnnxInputExtractor oneBeyond =
        extractor(
            model(
                "    features: [{name: alcohol, input: x, index: 10}, {name: sugar, input: x, index: 1}]\n"));
    try (OnnxTensor narrow = OnnxTensor.createTensor(ENV, new float[][] {{1f, 2f}, {3f, 4f}})) {
      CollectingSink sink = new CollectingSink(2);
      oneBeyond.extract(Map.of("x", narrow), sink);
      assertEquals(2, sink.rows);
      assertEquals(List.of(2.0, 4.0), sink.values.get(1));
      assertEquals(2, sink.values.get(0).size());
      assertTrue(
          Double.isNaN(sink.values.get(0).get(0)) && Double.isNaN(sink.values.get(0).get(1)));
      assertTrue(
          sink.unreadable
              .get(0)
              .contains(
                  "feature 'alcohol' reads index 10 of input 'x', but its rows have 2 elements"),
          sink.unreadable.toString());
      ExtractionException absent =
          assertThrows(
              ExtractionException.class,
              () -> beyond.extract(Map.of("other", narrow), new CollectingSink(1)));
      assertTrue(
          absent.getMessage().contains("reads input 'x', but the call's inputs are [other]"),
          absent.getMessage());
    }
    OnnxTensor closed = OnnxTensor.createTensor(ENV, new float[][] {{1f}});
    closed.close();
    ExtractionException e =
        assertThrows(
            ExtractionException.class,
            () -> beyond.extract(Map.of("x", closed), new CollectingSink(1)));
    assertEquals("input 'x' is a closed tensor", e.getMessage());
    try (OnnxTensor text = OnnxTensor.createTensor(ENV, new String[] {"a"})) {
      ExtractionException s =
          assertThrows(
              ExtractionException.class,
              () -> beyond.extract(Map.of("x", text), new CollectingSink(1)));
      assertTrue(
          s.getMessage().contains("a string tensor; only numeric tensors are read"),
          s.getMessage());
    }
    ExtractionException notMap =
        assertThrows(
            ExtractionException.class,
            () -> beyond.extract(new float[] {1f}, new CollectingSink(1)));
    assertTrue(notMap.getMessage().contains("float[1], not a Map of tensors"), notMap.getMessage());
  }
}
