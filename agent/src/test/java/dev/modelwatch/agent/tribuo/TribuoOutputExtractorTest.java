package dev.modelwatch.agent.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.modelwatch.extension.ExtractionException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.Regressor;

class TribuoOutputExtractorTest {
  static TribuoOutputExtractor extractor(String... outputs) throws Exception {
    String[] lines = new String[outputs.length + 4];
    lines[0] = "models:";
    lines[1] = "  - name: wine";
    lines[2] = "    intercept: {library: tribuo}";
    lines[3] = "    outputs:";
    for (int i = 0; i < outputs.length; i++) {
      lines[4 + i] = "      - " + outputs[i];
    }
    return new TribuoOutputExtractor(TribuoConfigs.model(lines));
  }

  static <T extends org.tribuo.Output<T>> Prediction<T> prediction(T output) {
    return new Prediction<>(
        output, 1, new ArrayExample<>(output, new String[] {"alcohol"}, new double[] {10}));
  }

  @Test
  void aLabelGivesItsClassAndScore() throws Exception {
    RecordedValues sink = new RecordedValues();
    extractor("{name: quality_class, kind: classification}")
        .extract(prediction(new Label("high", 0.625)), Double.NaN, sink);
    assertEquals(List.of("class 0 high 0.625"), sink.events);
  }

  @Test
  void aRegressorGivesTheDimensionNamedByKeyElseItsFirst() throws Exception {
    Regressor regressor =
        new Regressor(new String[] {"quality", "acidity"}, new double[] {6.5, 3.25});
    String first = regressor.getNames()[0];
    double firstValue = regressor.getValues()[0];
    RecordedValues sink = new RecordedValues();
    TribuoOutputExtractor extractor =
        extractor(
            "{name: q, kind: regression, key: quality}",
            "{name: a, kind: regression, key: acidity}",
            "{name: f, kind: regression}");
    extractor.extract(prediction(regressor), Double.NaN, sink);
    assertEquals(
        List.of("value 0 6.5", "value 1 3.25", "value 2 " + firstValue),
        sink.events,
        "first is " + first);
  }

  @Test
  void aBatchGivesOnePredictionAfterAnother() throws Exception {
    RecordedValues sink = new RecordedValues();
    extractor("{name: c, kind: classification}")
        .extract(
            List.of(prediction(new Label("low", 0.5)), prediction(new Label("medium", 0.75))),
            Double.NaN,
            sink);
    assertEquals(List.of("class 0 low 0.5", "class 0 medium 0.75"), sink.events);
  }

  @Test
  void mismatchesWithTheConfigSayHowToFixIt() throws Exception {
    ExtractionException kind =
        assertThrows(
            ExtractionException.class,
            () ->
                extractor("{name: q, kind: regression}")
                    .extract(prediction(new Label("high", 0.5)), Double.NaN, new RecordedValues()));
    assertEquals(
        "output 'q' has kind regression, but the Tribuo model predicts classes (Label 'high'); set kind: classification",
        kind.getMessage());
    ExtractionException key =
        assertThrows(
            ExtractionException.class,
            () ->
                extractor("{name: q, kind: regression, key: sugar}")
                    .extract(
                        prediction(new Regressor("quality", 5)), Double.NaN, new RecordedValues()));
    assertEquals(
        "output 'q' reads regressor dimension 'sugar', but the Tribuo model predicts dimensions quality; set key to"
            + " one of them",
        key.getMessage());
    ExtractionException type =
        assertThrows(
            ExtractionException.class,
            () ->
                extractor("{name: q, kind: regression}")
                    .extract("6.5", Double.NaN, new RecordedValues()));
    assertEquals(
        "Tribuo predict returned a java.lang.String, not an org.tribuo.Prediction or a list of them; no output recorded",
        type.getMessage());
  }
}
