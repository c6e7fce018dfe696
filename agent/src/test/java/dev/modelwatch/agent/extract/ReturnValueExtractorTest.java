package dev.modelwatch.agent.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.OutputSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ReturnValueExtractorTest {
  private static final class Recorded implements OutputSink {
    final List<String> events = new ArrayList<>();

    @Override
    public void value(int output, double value) {
      events.add("value " + output + " " + value);
    }

    @Override
    public void predictedClass(int output, String label, double confidence) {
      events.add("class " + output + " " + label + " " + confidence);
    }
  }

  private static ReturnValueExtractor extractor(String output) throws Exception {
    String yaml =
        String.join(
            "\n",
            "models:",
            "  - name: m",
            "    intercept: {class: a.B, method: predict}",
            "    outputs: [" + output + "]",
            "");
    return new ReturnValueExtractor(
        ConfigLoader.parse(yaml, Path.of("test.yaml")).models().get(0).outputs());
  }

  private static List<String> extract(String output, Object result) throws Exception {
    Recorded sink = new Recorded();
    extractor(output).extract(result, Double.NaN, sink);
    return sink.events;
  }

  @Test
  void aMatrixGivesOneOutputRowPerInputRow() throws Exception {
    float[][] regression = {{1.5f, 9}, {2.5f, 9}, {3.5f, 9}};
    assertEquals(
        List.of("value 0 1.5", "value 0 2.5", "value 0 3.5"),
        extract("{name: s, kind: regression}", regression));
    assertEquals(
        List.of("value 0 9.0", "value 0 9.0", "value 0 9.0"),
        extract("{name: s, kind: regression, index: 1}", regression));
    double[][] scores = {{0.25, 0.75}, {0.875, 0.125}};
    assertEquals(
        List.of("class 0 1 0.75", "class 0 0 0.875"),
        extract("{name: c, kind: classification}", scores));
  }

  @Test
  void labelsComeFromValuesThatNameAClass() throws Exception {
    String output = "{name: c, kind: classification}";
    assertEquals(List.of("class 0 high NaN"), extract(output, "high"));
    assertEquals(List.of("class 0 SECONDS NaN"), extract(output, TimeUnit.SECONDS));
    assertEquals(List.of("class 0 true NaN"), extract(output, Boolean.TRUE));
    assertEquals(List.of("class 0 3 NaN"), extract(output, 3L));
    assertEquals(List.of("class 0 2 NaN"), extract(output, 2.0));
    Recorded sink = new Recorded();
    extractor(output).extract(null, 4.0, sink);
    assertEquals(List.of("class 0 4 NaN"), sink.events);
  }

  @Test
  void aValueThatNamesNoClassIsAnErrorInJavaTerms() throws Exception {
    String output = "{name: c, kind: classification}";
    ExtractionException fraction =
        assertThrows(ExtractionException.class, () -> extract(output, 0.5));
    assertTrue(fraction.getMessage().contains("java.lang.Double 0.5"), fraction.getMessage());
    ExtractionException object =
        assertThrows(ExtractionException.class, () -> extract(output, new Object()));
    assertTrue(
        object.getMessage().contains("a java.lang.Object, which names no class"),
        object.getMessage());
    ExtractionException primitive =
        assertThrows(
            ExtractionException.class, () -> extractor(output).extract(null, 0.25, new Recorded()));
    assertTrue(primitive.getMessage().contains("double 0.25"), primitive.getMessage());
    ExtractionException cube =
        assertThrows(ExtractionException.class, () -> extract(output, new float[2][3][4]));
    assertTrue(
        cube.getMessage()
            .startsWith("output 'c' cannot be read from the returned value, a float[][][]: "),
        cube.getMessage());
    assertTrue(
        cube.getMessage()
            .endsWith(
                "intercept a method that returns one of these instead (intercept.class and"
                    + " method), or remove the output"),
        cube.getMessage());
    ExtractionException regression =
        assertThrows(
            ExtractionException.class, () -> extract("{name: s, kind: regression}", new long[5][]));
    assertTrue(
        regression.getMessage().contains("the returned value, a long[][]: "),
        regression.getMessage());
    ExtractionException map =
        assertThrows(
            ExtractionException.class,
            () -> extract("{name: s, kind: regression}", Map.of("p", 0.5)));
    assertTrue(
        map.getMessage()
            .endsWith(
                "is a regression output, but the returned value is a "
                    + ExtractionException.typeName(Map.of("p", 0.5).getClass())
                    + "; set outputs[].key to the key of the Map that holds the number"),
        map.getMessage());
  }
}
