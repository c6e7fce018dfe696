package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidConfigTest {

  static final String FULL =
      yaml(
          "strict: true",
          "server:",
          "  port: 9999",
          "  host: '[::1]'",
          "  jvm_metrics: false",
          "limits:",
          "  categories: 50",
          "  classes: 10",
          "  exceptions: 5",
          "models:",
          "  - name: wine",
          "    intercept:",
          "      class: org.tribuo.Model",
          "      method: predict",
          "      parameters: [org.tribuo.Example]",
          "    features:",
          "      - name: alcohol",
          "        kind: numeric",
          "        argument: 0",
          "        input: input",
          "        index: 10",
          "        buckets: [8, 9, 10.5, 11, 12, 13, 14]",
          "      - name: colour",
          "        kind: categorical",
          "        key: colour",
          "      - name: acidity",
          "        path: wine.acidity",
          "    summarize_inputs: [image]",
          "    outputs:",
          "      - name: quality",
          "        kind: regression",
          "        output: variable",
          "        index: 0",
          "        key: quality",
          "        path: score",
          "        buckets: [3, 5, 7]",
          "      - name: label",
          "        kind: classification",
          "    sampling: 0.25",
          "    baseline: baselines/wine-baseline.yaml",
          "    drift:",
          "      window: 24h",
          "      slices: 24",
          "      min_samples: 500",
          "      statistics: [ks, chi2]",
          "      thresholds: {psi: 0.2, ks: 0.05, js: 0.3, pvalue: 0.001}",
          "  - name: 'resnet:v2'",
          "    intercept: {library: onnxruntime, model_path: '*/resnet.onnx'}",
          "    baseline: {record: /var/lib/modelwatch/resnet-baseline.yaml, rows: 2000}",
          "  - name: bert",
          "    intercept: {library: djl, model_name: bert}",
          "    baseline: {record: bert.yaml}",
          "  - name: sgd",
          "    intercept: {library: tribuo, model_class: org.tribuo.regression.sgd.linear.LinearSGDModel}");

  @Test
  void fullExampleRoundTrip() throws ConfigException {
    Path source = Path.of("/etc/modelwatch/modelwatch.yaml");
    AgentConfig config = ConfigLoader.parse(FULL, source);

    assertTrue(config.strict());
    assertEquals(source, config.source());
    assertEquals(9999, config.server().port());
    assertEquals("::1", config.server().host());
    assertFalse(config.server().jvmMetrics());
    assertEquals(50, config.limits().categories());
    assertEquals(10, config.limits().classes());
    assertEquals(5, config.limits().exceptions());
    assertEquals(4, config.models().size());

    ModelConfig wine = config.models().get(0);
    assertEquals("wine", wine.name());
    assertEquals(InterceptConfig.Kind.METHOD, wine.intercept().kind());
    assertEquals("org.tribuo.Model", wine.intercept().className());
    assertEquals("predict", wine.intercept().method());
    assertEquals(List.of("org.tribuo.Example"), wine.intercept().parameters());
    assertNull(wine.intercept().library());
    assertNull(wine.intercept().selector("model_path"));

    FeatureConfig alcohol = wine.features().get(0);
    assertEquals("alcohol", alcohol.name());
    assertEquals(FeatureConfig.Kind.NUMERIC, alcohol.kind());
    assertEquals(0, alcohol.argument());
    assertEquals("input", alcohol.input());
    assertEquals(10, alcohol.index());
    assertNull(alcohol.key());
    assertNull(alcohol.path());
    assertArrayEquals(new double[] {8, 9, 10.5, 11, 12, 13, 14}, alcohol.buckets());

    FeatureConfig colour = wine.features().get(1);
    assertEquals(FeatureConfig.Kind.CATEGORICAL, colour.kind());
    assertEquals("colour", colour.key());
    assertNull(colour.index());
    assertNull(colour.buckets());
    assertEquals("wine.acidity", wine.features().get(2).path());

    assertEquals(List.of("image"), wine.summarizeInputs());

    OutputConfig quality = wine.outputs().get(0);
    assertEquals("quality", quality.name());
    assertEquals(OutputConfig.Kind.REGRESSION, quality.kind());
    assertEquals("variable", quality.output());
    assertEquals(0, quality.index());
    assertEquals("quality", quality.key());
    assertEquals("score", quality.path());
    assertArrayEquals(new double[] {3, 5, 7}, quality.buckets());
    assertEquals(OutputConfig.Kind.CLASSIFICATION, wine.outputs().get(1).kind());

    assertEquals(0.25, wine.sampling());
    assertEquals(Path.of("/etc/modelwatch/baselines/wine-baseline.yaml"), wine.baseline().file());
    assertFalse(wine.baseline().record());

    DriftConfig drift = wine.drift();
    assertEquals(Duration.ofHours(24), drift.window());
    assertEquals(24, drift.slices());
    assertEquals(500, drift.minSamples());
    assertEquals(List.of("ks", "chi2"), List.copyOf(drift.statistics()));
    // ks 0.05 is below the default ks_warning 0.13: the warning level follows it down (no separate
    // tier)
    assertEquals(
        Map.of(
            "psi",
            0.2,
            "ks",
            0.05,
            "js",
            0.3,
            "cramers_v",
            0.3,
            "pvalue",
            0.001,
            "psi_warning",
            0.1,
            "ks_warning",
            0.05,
            "js_warning",
            0.13,
            "cramers_v_warning",
            0.1),
        withoutCosine(drift.thresholds()));
    assertEquals(0.05, drift.threshold("ks"));

    ModelConfig resnet = config.models().get(1);
    assertEquals("resnet:v2", resnet.name());
    assertEquals(InterceptConfig.Kind.LIBRARY, resnet.intercept().kind());
    assertEquals("onnxruntime", resnet.intercept().library());
    assertEquals("*/resnet.onnx", resnet.intercept().selector("model_path"));
    assertTrue(resnet.baseline().record());
    assertEquals(2000, resnet.baseline().rows());
    assertEquals(Path.of("/var/lib/modelwatch/resnet-baseline.yaml"), resnet.baseline().file());

    ModelConfig bert = config.models().get(2);
    assertEquals("bert", bert.intercept().selector("model_name"));
    assertEquals(10_000, bert.baseline().rows());
    assertEquals(Path.of("/etc/modelwatch/bert.yaml"), bert.baseline().file());

    assertEquals(
        "org.tribuo.regression.sgd.linear.LinearSGDModel",
        config.models().get(3).intercept().selector("model_class"));
  }

  @Test
  void defaultsAreAppliedToEveryAbsentKey() throws ConfigException {
    AgentConfig config =
        Yamls.valid(
            yaml(
                "models:",
                "  - name: m",
                "    intercept: {class: com.acme.Scorer, method: score}",
                "    features: [{name: x}]"));
    assertFalse(config.strict());
    assertEquals(9464, config.server().port());
    assertEquals("0.0.0.0", config.server().host());
    assertTrue(config.server().jvmMetrics());
    assertEquals(20, config.limits().categories());
    assertEquals(20, config.limits().classes());
    assertEquals(20, config.limits().exceptions());
    ModelConfig model = config.models().get(0);
    assertEquals(List.of(), model.summarizeInputs());
    assertEquals(List.of(), model.outputs());
    assertEquals(1.0, model.sampling());
    assertNull(model.baseline());
    FeatureConfig feature = model.features().get(0);
    assertEquals(FeatureConfig.Kind.NUMERIC, feature.kind());
    assertEquals(0, feature.argument());
    assertNull(feature.input());
    assertNull(feature.index());
    assertNull(feature.buckets());
    assertEquals(Duration.ofHours(1), model.drift().window());
    assertEquals(12, model.drift().slices());
    assertEquals(100, model.drift().minSamples());
    assertEquals(List.of("psi", "ks", "js"), List.copyOf(model.drift().statistics()));
    assertEquals(
        Map.of(
            "psi",
            0.25,
            "ks",
            0.2,
            "js",
            0.2,
            "cramers_v",
            0.3,
            "pvalue",
            0.01,
            "psi_warning",
            0.1,
            "ks_warning",
            0.13,
            "js_warning",
            0.13,
            "cramers_v_warning",
            0.1),
        withoutCosine(model.drift().thresholds()));
    assertEquals(0.1, model.drift().threshold("cosine"));
    assertEquals(0.05, model.drift().threshold("cosine_warning"));
  }

  @Test
  void partialThresholdsKeepTheOtherDefaults() throws ConfigException {
    assertEquals(
        Map.of(
            "psi",
            0.25,
            "ks",
            0.2,
            "js",
            0.3,
            "cramers_v",
            0.3,
            "pvalue",
            0.01,
            "psi_warning",
            0.1,
            "ks_warning",
            0.13,
            "js_warning",
            0.13,
            "cramers_v_warning",
            0.1),
        withoutCosine(Yamls.validModel("drift: {thresholds: {js: 0.3}}").drift().thresholds()));
    assertEquals(
        0.05,
        Yamls.validModel("drift: {thresholds: {psi_warning: 0.05}}")
            .drift()
            .threshold("psi_warning"));
  }

  @Test
  void relativeBaselineResolvesAgainstTheConfigDirectory() throws ConfigException {
    AgentConfig config =
        ConfigLoader.parse(
            Yamls.model("baseline: ../baselines/./wine.yaml"),
            Path.of("/srv/app/conf/modelwatch.yaml"));
    assertEquals(Path.of("/srv/app/baselines/wine.yaml"), config.models().get(0).baseline().file());
  }

  @Test
  void relativeConfigPathIsMadeAbsoluteBeforeResolving() throws ConfigException {
    AgentConfig config =
        ConfigLoader.parse(Yamls.model("baseline: wine.yaml"), Path.of("modelwatch.yaml"));
    assertEquals(Path.of("wine.yaml").toAbsolutePath(), config.models().get(0).baseline().file());
  }

  @Test
  void absoluteBaselineIsKept() throws ConfigException {
    assertEquals(
        Path.of("/models/wine/baseline.yaml"),
        Yamls.validModel("baseline: /models/wine/baseline.yaml").baseline().file());
  }

  @Test
  void withoutASourceFileRelativeBaselineStaysRelative() throws ConfigException {
    AgentConfig config = ConfigLoader.parse(Yamls.model("baseline: wine.yaml"), null);
    assertNull(config.source());
    assertEquals(Path.of("wine.yaml"), config.models().get(0).baseline().file());
  }

  @Test
  void serverOverridesReplaceOnlyWhatIsGiven() throws ConfigException {
    AgentConfig config = Yamls.valid(yaml("server: {port: 9000, host: 127.0.0.1}") + Yamls.model());
    AgentConfig portOnly = config.withServerOverrides(0, null);
    assertEquals(0, portOnly.server().port());
    assertEquals("127.0.0.1", portOnly.server().host());
    AgentConfig hostOnly = config.withServerOverrides(null, "[::]");
    assertEquals(9000, hostOnly.server().port());
    assertEquals("::", hostOnly.server().host());
    assertSame(config, config.withServerOverrides(null, null));
    assertEquals(9000, config.server().port());
    assertSame(config.models(), hostOnly.models());
    assertThrows(IllegalArgumentException.class, () -> config.withServerOverrides(70000, null));
  }

  @Test
  void collectionsAreUnmodifiableAndArraysAreCopies() throws ConfigException {
    AgentConfig config = ConfigLoader.parse(FULL, Path.of("/etc/modelwatch.yaml"));
    ModelConfig wine = config.models().get(0);
    assertThrows(UnsupportedOperationException.class, () -> config.models().clear());
    assertThrows(UnsupportedOperationException.class, () -> wine.features().clear());
    assertThrows(UnsupportedOperationException.class, () -> wine.outputs().clear());
    assertThrows(UnsupportedOperationException.class, () -> wine.summarizeInputs().clear());
    assertThrows(UnsupportedOperationException.class, () -> wine.intercept().parameters().clear());
    assertThrows(UnsupportedOperationException.class, () -> wine.drift().statistics().clear());
    assertThrows(UnsupportedOperationException.class, () -> wine.drift().thresholds().clear());
    wine.features().get(0).buckets()[0] = 99;
    assertEquals(8, wine.features().get(0).buckets()[0]);
    wine.outputs().get(0).buckets()[0] = 99;
    assertEquals(3, wine.outputs().get(0).buckets()[0]);
  }

  @Test
  void unknownThresholdNameIsRefused() throws ConfigException {
    DriftConfig drift = Yamls.validModel().drift();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> drift.threshold("chi2"));
    assertEquals(
        "no threshold named 'chi2'; known: [psi, ks, js, cramers_v, cosine, pvalue, psi_warning,"
            + " ks_warning, js_warning, cramers_v_warning, cosine_warning]",
        e.getMessage());
    assertEquals(
        List.of(
            "psi",
            "ks",
            "js",
            "cramers_v",
            "cosine",
            "pvalue",
            "psi_warning",
            "ks_warning",
            "js_warning",
            "cramers_v_warning",
            "cosine_warning"),
        List.copyOf(drift.thresholds().keySet()));
  }

  /** The thresholds without the embedding's (cosine), which Map.of cannot also hold. */
  private static Map<String, Double> withoutCosine(Map<String, Double> thresholds) {
    Map<String, Double> rest = new java.util.HashMap<>(thresholds);
    rest.remove("cosine");
    rest.remove("cosine_warning");
    return rest;
  }
}
