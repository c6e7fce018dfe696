package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.problems;
import static dev.modelwatch.config.Yamls.valid;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class InterceptRulesTest {

  private static String intercept(String flowMapping) {
    return yaml("models:", "  - name: m", "    intercept: " + flowMapping);
  }

  private static InterceptConfig validIntercept(String flowMapping) throws ConfigException {
    return valid(intercept(flowMapping)).models().get(0).intercept();
  }

  @Test
  void classAndLibraryTogether() {
    assertEquals(
        List.of(at(3, "models[0].intercept: give either class + method or library, not both")),
        problems(intercept("{class: com.acme.Scorer, method: score, library: djl}")));
  }

  @Test
  void neitherClassNorLibrary() {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept: required: class + method, or library (onnxruntime, djl"
                    + " or tribuo)")),
        problems(intercept("{parameters: [int]}")));
  }

  @Test
  void unknownLibraryListsTheKnownOnesAndSuggests() {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.library: unknown library 'tribou'; expected one of"
                    + " onnxruntime, djl, tribuo; did you mean 'tribuo'?")),
        problems(intercept("{library: tribou}")));
  }

  @Test
  void abbreviatedLibrarySuggestsTheFullName() {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.library: unknown library 'onnx'; expected one of"
                    + " onnxruntime, djl, tribuo; did you mean 'onnxruntime'?")),
        problems(intercept("{library: onnx}")));
  }

  @Test
  void modelPathWithAnotherLibrary() {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.model_path: applies only to library: onnxruntime, not to"
                    + " djl (djl models are selected with model_name)")),
        problems(intercept("{library: djl, model_path: '*.onnx'}")));
  }

  @Test
  void modelNameWithAnotherLibrary() {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.model_name: applies only to library: djl, tribuo, not to"
                    + " onnxruntime (onnxruntime models are selected with model_path)")),
        problems(intercept("{library: onnxruntime, model_name: wine}")));
  }

  @Test
  void aLibraryMayHaveSeveralSelectors() {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.model_path: applies only to library: onnxruntime, not to"
                    + " tribuo (tribuo models are selected with model_class or model_name)")),
        problems(intercept("{library: tribuo, model_path: '*.onnx'}")));
  }

  @Test
  void aMisspeltSelectorGetsASuggestion() {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.model_nme: unknown key 'model_nme'; did you mean"
                    + " 'model_name'?")),
        problems(intercept("{library: tribuo, model_nme: 'eu-*'}")));
  }

  @Test
  void modelClassWithAnotherLibrary() {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.model_class: applies only to library: tribuo, not to"
                    + " onnxruntime (onnxruntime models are selected with model_path)")),
        problems(intercept("{library: onnxruntime, model_class: org.tribuo.Model}")));
  }

  @Test
  void selectorWithClassAndMethod() {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.model_path: applies only to library: onnxruntime, not to"
                    + " class + method interception; remove it")),
        problems(intercept("{class: com.acme.Scorer, method: score, model_path: '*.onnx'}")));
  }

  @Test
  void methodWithLibrary() {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.method: belongs to class + method interception, not to"
                    + " library; remove it, or replace library with class")),
        problems(intercept("{library: djl, method: predict}")));
  }

  @Test
  void classNameThatIsNotAJavaName() {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.class: 'com.acme.2Scorer' is not a Java class name; write"
                    + " it fully qualified, e.g. org.tribuo.Model (nested classes with $: com.acme.Outer$Inner)")),
        problems(intercept("{class: com.acme.2Scorer, method: score}")));
  }

  @Test
  void methodNameThatIsNotAnIdentifier() {
    assertEquals(
        List.of(at(3, "models[0].intercept.method: 'score()' is not a Java method name")),
        problems(intercept("{class: com.acme.Scorer, method: 'score()'}")));
  }

  @Test
  void parameterThatIsNotATypeName() {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.parameters[1]: 'Example' is not a Java type name: use a"
                    + " primitive (float), an array (float[], float[][]), a qualified class name (org.tribuo.Example)"
                    + " or a java.lang simple name (String)")),
        problems(intercept("{class: com.acme.Scorer, method: score, parameters: [int, Example]}")));
  }

  @Test
  void modelClassThatIsNotAJavaName() {
    assertEquals(
        List.of(
            at(
                3,
                "models[0].intercept.model_class: 'Linear SGD' is not a Java class name; write"
                    + " it fully qualified, e.g. org.tribuo.regression.sgd.linear.LinearSGDModel")),
        problems(intercept("{library: tribuo, model_class: Linear SGD}")));
  }

  @Test
  void invalidModelPathGlob() {
    List<String> found = problems(intercept("{library: onnxruntime, model_path: '*/wine[.onnx'}"));
    assertEquals(1, found.size());
    assertEquals(
        true,
        found
            .get(0)
            .startsWith(
                at(3, "models[0].intercept.model_path: '*/wine[.onnx' is not a" + " valid glob: ")),
        found.get(0));
  }

  @Test
  void parameterTypesAreNormalizedAsReflectionNamesThem() throws ConfigException {
    InterceptConfig intercept =
        valid(
                yaml(
                    "models:",
                    "  - name: m",
                    "    intercept:",
                    "      class: com.acme.Scorer",
                    "      method: score",
                    "      parameters:",
                    "        - float[]",
                    "        - float [][]",
                    "        - String",
                    "        - String...",
                    "        - org.tribuo.Example",
                    "        - com.acme.Outer$In"))
            .models()
            .get(0)
            .intercept();
    assertEquals(InterceptConfig.Kind.METHOD, intercept.kind());
    assertEquals(
        List.of(
            "float[]",
            "float[][]",
            "java.lang.String",
            "java.lang.String[]",
            "org.tribuo.Example",
            "com.acme.Outer$In"),
        intercept.parameters());
  }

  @Test
  void quotedArrayTypesWorkInAFlowList() throws ConfigException {
    assertEquals(
        List.of("int[]", "double"),
        validIntercept("{class: com.acme.Scorer, method: score, parameters: ['int[]', double]}")
            .parameters());
  }

  @Test
  void parametersAbsentMeansAnyOverload() throws ConfigException {
    assertNull(validIntercept("{class: com.acme.Scorer, method: score}").parameters());
  }

  @Test
  void emptyParameterListMeansTheNoArgumentMethod() throws ConfigException {
    assertEquals(
        List.of(),
        validIntercept("{class: com.acme.Scorer, method: score, parameters: []}").parameters());
  }

  @Test
  void eachLibraryKeepsItsSelector() throws ConfigException {
    InterceptConfig onnx = validIntercept("{library: onnxruntime, model_path: '*/wine.onnx'}");
    assertEquals(InterceptConfig.Kind.LIBRARY, onnx.kind());
    assertEquals("onnxruntime", onnx.library());
    assertEquals("*/wine.onnx", onnx.selector("model_path"));
    InterceptConfig djl = validIntercept("{library: djl, model_name: wine}");
    assertEquals("djl", djl.library());
    assertEquals("wine", djl.selector("model_name"));
    InterceptConfig tribuo =
        validIntercept("{library: tribuo, model_class: org.tribuo.Model, model_name: 'eu-*'}");
    assertEquals("tribuo", tribuo.library());
    assertEquals(
        java.util.Map.of("model_class", "org.tribuo.Model", "model_name", "eu-*"),
        tribuo.selectors());
    InterceptConfig anyDjl = validIntercept("{library: djl}");
    assertNull(anyDjl.selector("model_name"));
    assertEquals(java.util.Map.of(), anyDjl.selectors());
    assertNull(anyDjl.className());
  }
}
