package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.text.TextModelServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Text profiles with a baseline, end to end: the agent jar's {@code baseline} command computes the
 * statistics and the vocabulary of 600 training texts (sentences about cooking, written to a CSV
 * here); a server with that baseline is sent a window of 300 other sentences about cooking, then a
 * fresh one a window of 300 sentences about computer networks. Every word of the first window is in
 * the vocabulary, so its {@code oov_share} is exactly 0 and every statistic stays {@code ok}; the
 * second window's {@code oov_share}, recomputed here from the training words, is large and {@code
 * drift}.
 */
class TextDriftTest {
  static final String SENTIMENT = TextModelServer.Sentiment.class.getName();
  static final Pattern WORD = Pattern.compile("[\\p{L}\\p{Nd}]+");
  static final String[] STATISTICS = {
    "length",
    "word_count",
    "mean_word_length",
    "digit_share",
    "letter_share",
    "whitespace_share",
    "other_share",
    "non_ascii_share",
    "oov_share"
  };

  @Test
  void aWindowOfTheTrainingTopicStaysOkAndAnotherVocabularyIsDrift() throws Exception {
    Path dir =
        Files.createTempDirectory(Files.createDirectories(Paths.get("target")), "text-")
            .toAbsolutePath();
    Path baseline = dir.resolve("reviews-baseline.yaml");
    Path config = dir.resolve("modelwatch.yaml");
    Files.writeString(config, yaml(baseline));

    List<String> training = EmbeddingDriftTest.cooking(600, 1);
    StringBuilder csv = new StringBuilder("review,stars\n");
    Set<String> vocabulary = new HashSet<>();
    for (String text : training) {
      csv.append('"').append(text).append("\",5\n");
      vocabulary.addAll(words(text));
    }
    // fewer distinct words than the vocabulary keeps: it holds every training word
    assertTrue(vocabulary.size() < 200, vocabulary.toString());
    Path data = dir.resolve("train.csv");
    Files.writeString(data, csv);
    CommandLineTest.Result made =
        CommandLineTest.run(
            "baseline",
            "--data",
            data.toString(),
            "--config",
            config.toString(),
            "--model",
            "reviews",
            "--out",
            baseline.toString());
    assertEquals(0, made.exit, made.output);
    assertTrue(made.output.contains("review.oov_share"), made.output);

    List<String> same = EmbeddingDriftTest.cooking(300, 2);
    Scrape first = window(dir, config, same);
    assertEquals(0, sum(first, "oov_share"), first.text());
    for (String statistic : STATISTICS) {
      assertEquals(0, status(first, statistic), statistic + "\n" + first.text());
    }

    List<String> other = EmbeddingDriftTest.networking(300, 3);
    double expectedOov = 0;
    for (String text : other) {
      List<String> words = words(text);
      long unknown = words.stream().filter(w -> !vocabulary.contains(w)).count();
      expectedOov += (double) unknown / words.size();
    }
    Scrape second = window(dir, config, other);
    for (String statistic : STATISTICS) {
      System.out.println(
          "other topic: review."
              + statistic
              + " mean "
              + sum(second, statistic) / other.size()
              + " status "
              + status(second, statistic));
    }
    assertEquals(expectedOov, sum(second, "oov_share"), 1e-9 * other.size(), second.text());
    assertTrue(expectedOov / other.size() > 0.5, "oov share " + expectedOov / other.size());
    assertEquals(2, status(second, "oov_share"), second.text());
  }

  /** A fresh server with the baseline, sent {@code texts} one call each; its scrape. */
  private static Scrape window(Path dir, Path config, List<String> texts) throws Exception {
    try (AgentedServer server =
        AgentedServer.start(
            TextModelServer.class.getName(),
            Files.readString(config),
            List.of("--model-dir", dir.resolve("models").toString()))) {
      for (String text : texts) {
        HttpResponse<String> response = Http.post(server.appPort(), "/plain", text);
        assertEquals(200, response.statusCode(), response.body());
      }
      Scrape scrape = server.scrape();
      assertEquals(texts.size(), scrape.value("model_predictions_total", "model", "reviews"));
      for (String statistic : STATISTICS) {
        assertEquals(
            texts.size(),
            scrape.value(
                "model_feature_value_count", "model", "reviews", "feature", "review." + statistic),
            statistic);
      }
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
      return scrape;
    }
  }

  private static double sum(Scrape scrape, String statistic) {
    return scrape.value(
        "model_feature_value_sum", "model", "reviews", "feature", "review." + statistic);
  }

  private static double status(Scrape scrape, String statistic) {
    return scrape.value(
        "model_feature_drift_status", "model", "reviews", "feature", "review." + statistic);
  }

  /** The words of a text, lower case: runs of letters and digits. */
  static List<String> words(String text) {
    List<String> words = new java.util.ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(m.group().toLowerCase(Locale.ROOT));
    }
    return words;
  }

  private static String yaml(Path baseline) {
    return "models:\n"
        + "  - name: reviews\n"
        + "    intercept: {class: "
        + SENTIMENT
        + ", method: classify}\n"
        + "    features: [{name: review, profile: text, vocabulary: 200}]\n"
        + "    baseline: "
        + baseline
        + "\n"
        + "    drift: {window: 1h, slices: 12, min_samples: 100}\n";
  }
}
