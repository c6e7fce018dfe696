package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.modelProblems;
import static dev.modelwatch.config.Yamls.problems;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequiredFieldsTest {

  @Test
  void modelsMissing() {
    assertEquals(List.of(at(1, "models: required")), problems(yaml("strict: true")));
  }

  @Test
  void modelsEmpty() {
    assertEquals(
        List.of(at(1, "models: at least one model is required")), problems(yaml("models: []")));
  }

  @Test
  void emptyDocument() {
    assertEquals(
        List.of(at(1, "models: required: the config is empty; it needs at least a list of models")),
        problems("# nothing configured yet\n"));
  }

  @Test
  void modelNameMissing() {
    assertEquals(
        List.of(at(2, "models[0].name: required")),
        problems(yaml("models:", "  - intercept: {library: djl}")));
  }

  @Test
  void modelNameEmptyValueCountsAsMissing() {
    assertEquals(
        List.of(at(2, "models[0].name: required")),
        problems(yaml("models:", "  - name:", "    intercept: {library: djl}")));
  }

  @Test
  void interceptMissing() {
    assertEquals(
        List.of(
            at(
                2,
                "models[0].intercept: required: give class + method, or library (onnxruntime,"
                    + " djl or tribuo)")),
        problems(yaml("models:", "  - name: m")));
  }

  @Test
  void methodRequiredWithClass() {
    assertEquals(
        List.of(at(3, "models[0].intercept.method: required")),
        problems(yaml("models:", "  - name: m", "    intercept:", "      class: com.acme.Scorer")));
  }

  @Test
  void classRequiredWithMethod() {
    assertEquals(
        List.of(at(3, "models[0].intercept.class: required")),
        problems(yaml("models:", "  - name: m", "    intercept: {method: score}")));
  }

  @Test
  void featureNameMissing() {
    assertEquals(
        List.of(at(4, "models[0].features[0].name: required")),
        modelProblems("features: [{index: 0}]"));
  }

  @Test
  void outputNameMissing() {
    assertEquals(
        List.of(at(4, "models[0].outputs[0].name: required")),
        modelProblems("outputs: [{kind: regression}]"));
  }

  @Test
  void outputKindMissing() {
    assertEquals(
        List.of(at(4, "models[0].outputs[0].kind: required")),
        modelProblems("outputs: [{name: quality}]"));
  }

  @Test
  void recordFileMissing() {
    assertEquals(
        List.of(at(4, "models[0].baseline.record: required")),
        modelProblems("baseline: {rows: 100}"));
  }
}
