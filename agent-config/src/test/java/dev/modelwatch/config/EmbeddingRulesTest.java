package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.modelProblems;
import static dev.modelwatch.config.Yamls.problems;
import static dev.modelwatch.config.Yamls.validModel;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code kind: embedding} on features and outputs: one test per rule. */
class EmbeddingRulesTest {

  @Test
  void anEmbeddingFeatureIsListedAsItsNormAndClusterColumns() throws ConfigException {
    ModelConfig model =
        validModel(
            "features:",
            "  - {name: query, kind: embedding, path: vector, clusters: 5, dimension: 384}",
            "  - {name: length}");
    List<FeatureConfig> features = model.features();
    assertEquals(3, features.size());
    assertEquals("query.norm", features.get(0).name());
    assertEquals(FeatureConfig.Kind.NUMERIC, features.get(0).kind());
    assertEquals("query.cluster", features.get(1).name());
    assertEquals(FeatureConfig.Kind.CATEGORICAL, features.get(1).kind());
    assertSame(features.get(0).embedding(), features.get(1).embedding());
    EmbeddingConfig embedding = features.get(0).embedding();
    assertEquals("query", embedding.name());
    assertEquals(5, embedding.clusters());
    assertEquals(384, embedding.dimension());
    assertEquals("vector", features.get(0).path());
    assertNull(features.get(2).embedding());
  }

  @Test
  void anEmbeddingOutputDefaultsToEightClustersAndTheBaselinesDimension() throws ConfigException {
    ModelConfig model = validModel("outputs:", "  - {name: e, kind: embedding}");
    assertEquals(2, model.outputs().size());
    assertEquals("e.norm", model.outputs().get(0).name());
    assertEquals(OutputConfig.Kind.REGRESSION, model.outputs().get(0).kind());
    assertEquals("e.cluster", model.outputs().get(1).name());
    assertEquals(OutputConfig.Kind.CLASSIFICATION, model.outputs().get(1).kind());
    assertEquals(EmbeddingConfig.DEFAULT_CLUSTERS, model.outputs().get(0).embedding().clusters());
    assertEquals(0, model.outputs().get(0).embedding().dimension());
  }

  @Test
  void clustersOutOfRange() {
    assertEquals(
        List.of(at(5, "models[0].features[0].clusters: must be between 1 and 256, found 0")),
        modelProblems("features:", "  - {name: q, kind: embedding, clusters: 0}"));
  }

  @Test
  void indexDoesNotApplyToAnEmbedding() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].features[0].index: does not apply to kind: embedding, which reads a"
                    + " whole float[] or double[] vector (the argument itself, or the one at key"
                    + " or path); remove it")),
        modelProblems("features:", "  - {name: q, kind: embedding, index: 2}"));
  }

  @Test
  void clustersOnlyForEmbeddings() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].outputs[0].clusters: applies only to kind: embedding; remove it or set"
                    + " kind: embedding")),
        modelProblems("outputs:", "  - {name: score, kind: regression, clusters: 4}"));
  }

  @Test
  void aLibraryInterceptDoesNotReadEmbeddings() {
    assertEquals(
        List.of(
            at(
                5,
                "models[0].outputs[0].kind: kind: embedding is read from a plain method's argument"
                    + " or return value (intercept.class and method); a library intercept does not"
                    + " read it. Intercept the method that returns the vector, e.g. an embedding"
                    + " model's embed(String)")),
        problems(
            yaml(
                "models:",
                "  - name: m",
                "    intercept: {library: onnxruntime}",
                "    outputs:",
                "      - {name: e, kind: embedding}")));
  }

  @Test
  void aDerivedNameMayNotRepeatAnotherColumn() {
    assertEquals(
        List.of(
            at(
                6,
                "models[0].features[1].name: duplicate feature name 'q.norm' (first used at line"
                    + " 5); feature names must be unique within a model")),
        modelProblems("features:", "  - {name: q, kind: embedding}", "  - {name: q.norm}"));
  }

  @Test
  void feedbackCannotCompareLabelsWithAnEmbedding() {
    assertEquals(
        List.of(
            at(
                6,
                "models[0].feedback: labels are compared with the model's first output, but it is"
                    + " an embedding ('e'), which no label can be compared with; list the output"
                    + " the labels are for first")),
        modelProblems(
            "outputs: [{name: e, kind: embedding}]",
            "prediction_id: {result: true, path: id}",
            "feedback: {ttl: 1h}"));
  }
}
