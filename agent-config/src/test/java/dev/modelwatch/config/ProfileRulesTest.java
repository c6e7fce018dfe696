package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.modelProblems;
import static dev.modelwatch.config.Yamls.validModel;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.extension.InputProfile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code profile: text} and {@code profile: image} on features: one test per rule. */
class ProfileRulesTest {

  private static List<String> names(ModelConfig model) {
    List<String> names = new ArrayList<>();
    for (FeatureConfig feature : model.features()) {
      names.add(feature.name());
    }
    return names;
  }

  @Test
  void aTextProfileIsListedAsEightNumericStatisticsReadFromTheConfiguredFeature()
      throws ConfigException {
    ModelConfig model =
        validModel("features:", "  - {name: review, profile: text, path: body}", "  - {name: n}");
    assertEquals(
        List.of(
            "review.length",
            "review.word_count",
            "review.mean_word_length",
            "review.digit_share",
            "review.letter_share",
            "review.whitespace_share",
            "review.other_share",
            "review.non_ascii_share",
            "n"),
        names(model));
    for (int i = 0; i < 8; i++) {
      FeatureConfig feature = model.features().get(i);
      assertEquals(FeatureConfig.Kind.NUMERIC, feature.kind());
      assertEquals("body", feature.path());
      assertEquals("review", feature.profile().source());
      assertEquals(i, feature.profile().statistic());
    }
  }

  @Test
  void aVocabularyAddsTheOutOfVocabularyShare() throws ConfigException {
    ModelConfig model =
        validModel("features:", "  - {name: review, profile: text, vocabulary: 5000}");
    assertEquals(9, model.features().size());
    assertEquals("review.oov_share", model.features().get(8).name());
    assertEquals(5000, model.features().get(8).profile().vocabularySize());
  }

  @Test
  void anImageProfileHasSizeAspectAndTwoStatisticsPerChannel() throws ConfigException {
    ModelConfig model =
        validModel(
            "features:", "  - {name: photo, profile: image, layout: nhwc, channels: 1, input: x}");
    assertEquals(
        List.of(
            "photo.width",
            "photo.height",
            "photo.aspect",
            "photo.channel0.mean",
            "photo.channel0.std"),
        names(model));
    InputProfile profile = model.features().get(0).profile();
    assertEquals(InputProfile.Layout.NHWC, profile.layout());
    assertEquals("x", model.features().get(0).input());
  }

  @Test
  void anImageProfileDefaultsToThreeChannelsAndLayoutAuto() throws ConfigException {
    ModelConfig model = validModel("features:", "  - {name: photo, profile: image}");
    assertEquals(9, model.features().size());
    assertEquals(InputProfile.Layout.AUTO, model.features().get(0).profile().layout());
  }

  @Test
  void anUnknownProfile() {
    assertOneProblem(modelProblems("features:", "  - {name: r, profile: audio}"), "profile");
  }

  @Test
  void layoutAndChannelsApplyOnlyToImages() {
    assertOneProblem(
        modelProblems("features:", "  - {name: r, profile: text, layout: nchw}"),
        "applies only to image profiles");
    assertOneProblem(
        modelProblems("features:", "  - {name: r, channels: 3}"), "applies only to image profiles");
  }

  @Test
  void vocabularyAppliesOnlyToText() {
    assertOneProblem(
        modelProblems("features:", "  - {name: r, profile: image, vocabulary: 10}"),
        "applies only to text profiles");
  }

  @Test
  void aProfiledFeatureTakesNoKindAndNoBuckets() {
    assertOneProblem(
        modelProblems("features:", "  - {name: r, profile: text, kind: categorical}"),
        "remove kind");
    assertOneProblem(
        modelProblems("features:", "  - {name: r, profile: text, buckets: [1, 2]}"),
        "remove buckets");
  }

  @Test
  void aStatisticNamedLikeAConfiguredFeature() {
    assertOneProblem(
        modelProblems(
            "features:", "  - {name: review.length}", "  - {name: review, profile: text}"),
        "adds feature 'review.length'");
  }

  @Test
  void anEmbeddingIsNotProfiled() {
    assertOneProblem(
        modelProblems("features:", "  - {name: v, kind: embedding, profile: text}"),
        "does not apply to kind: embedding");
  }

  private static void assertOneProblem(List<String> problems, String part) {
    assertEquals(1, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains(part), problems.toString());
  }
}
