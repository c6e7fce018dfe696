package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.testapps.text.TextModelServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code profile: text}: every text a model is sent becomes eight numeric features, whatever form
 * it reaches the model in: a plain method's {@code String}, a {@code List<String>} batch, a getter
 * of the argument, an ONNX Runtime string tensor, a DJL {@code Predictor<String, ?>}. The real
 * agent jar on {@link TextModelServer}; each text's profile is recomputed here with regular
 * expressions over its code points, and summed into the histograms' expected counts and sums.
 */
class TextProfileTest {
  static final String SENTIMENT = TextModelServer.Sentiment.class.getName();
  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: plain",
          "    intercept: {class: " + SENTIMENT + ", method: classify}",
          "    features: [{name: review, profile: text}]",
          "  - name: batch",
          "    intercept: {class: " + SENTIMENT + ", method: classifyAll}",
          "    features: [{name: review, profile: text}]",
          "  - name: getter",
          "    intercept: {class: " + SENTIMENT + ", method: classifyReview}",
          "    features: [{name: review, profile: text, path: body}]",
          "  - name: onnx",
          "    intercept: {library: onnxruntime, model_path: '*/text.onnx'}",
          "    features: [{name: review, profile: text, input: text}]",
          "  - name: djl",
          "    intercept: {library: djl, model_name: reviews}",
          "    features: [{name: review, profile: text}]",
          "");

  static final String[] STATISTICS = {
    "length",
    "word_count",
    "mean_word_length",
    "digit_share",
    "letter_share",
    "whitespace_share",
    "other_share",
    "non_ascii_share"
  };

  /** Pieces texts are made of: words, numbers, blanks, punctuation, accents, CJK, an emoji. */
  static final String[] PIECES = {
    "good", "bad", "film", "42", "3.14", " ", "  ", "\t", ",", "!", "...", "café", "naïve", "日本語",
    "😀", "x2", "-", "€", "über", "Straße"
  };

  static AgentedServer app;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    app =
        AgentedServer.start(
            TextModelServer.class.getName(), CONFIG, List.of("--model-dir", dir.toString()));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void aStringArgumentIsOneRowOfItsProfile() throws Exception {
    Expected expected = new Expected();
    Random random = new Random(1);
    for (int call = 0; call < 40; call++) {
      String text = text(random);
      send("/plain", text);
      expected.add(text);
    }
    // the empty text: length 0, no words; the shares and the mean word length are missing
    send("/plain", "");
    expected.add("");
    expected.assertScraped(app.scrape(), "plain", 41);
  }

  @Test
  void aListOfStringsIsOneRowPerText() throws Exception {
    Expected expected = new Expected();
    Random random = new Random(2);
    for (int call = 0; call < 10; call++) {
      List<String> texts = texts(random, 5);
      send("/plain-batch", String.join("\n", texts));
      texts.forEach(expected::add);
    }
    expected.assertScraped(app.scrape(), "batch", 10);
  }

  @Test
  void aTextBehindAGetterIsProfiled() throws Exception {
    Expected expected = new Expected();
    Random random = new Random(3);
    for (int call = 0; call < 30; call++) {
      String text = text(random);
      send("/review", text);
      expected.add(text);
    }
    expected.assertScraped(app.scrape(), "getter", 30);
  }

  @Test
  void anOnnxRuntimeStringTensorIsOneRowPerText() throws Exception {
    Expected expected = new Expected();
    Random random = new Random(4);
    for (int call = 0; call < 10; call++) {
      List<String> texts = texts(random, 4);
      send("/onnx", String.join("\n", texts));
      texts.forEach(expected::add);
    }
    expected.assertScraped(app.scrape(), "onnx", 10);
  }

  @Test
  void theInputsOfADjlPredictorOfStringsAreProfiled() throws Exception {
    Expected expected = new Expected();
    Random random = new Random(5);
    for (int call = 0; call < 10; call++) {
      // predict for one text, batchPredict for three
      List<String> texts = texts(random, call % 2 == 0 ? 1 : 3);
      send("/djl", String.join("\n", texts));
      texts.forEach(expected::add);
    }
    expected.assertScraped(app.scrape(), "djl", 10);
  }

  private static void send(String path, String body) throws Exception {
    HttpResponse<String> response = Http.post(app.appPort(), path, body);
    assertEquals(200, response.statusCode(), response.body());
  }

  static List<String> texts(Random random, int n) {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      texts.add(text(random));
    }
    return texts;
  }

  static String text(Random random) {
    StringBuilder text = new StringBuilder();
    int pieces = 1 + random.nextInt(12);
    for (int i = 0; i < pieces; i++) {
      text.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return text.toString();
  }

  /** The counts and sums each derived feature's histogram must show. */
  static final class Expected {
    static final Pattern WORD = Pattern.compile("[\\p{L}\\p{Nd}]+");
    static final Pattern LETTER = Pattern.compile("\\p{L}");
    static final Pattern DIGIT = Pattern.compile("\\p{Nd}");
    static final Pattern WHITESPACE = Pattern.compile("\\p{javaWhitespace}");
    final double[] sums = new double[STATISTICS.length];
    final int[] counted = new int[STATISTICS.length];
    final int[] missing = new int[STATISTICS.length];

    void add(String text) {
      double[] profile = profile(text);
      for (int s = 0; s < sums.length; s++) {
        if (Double.isNaN(profile[s])) {
          missing[s]++;
        } else {
          sums[s] += profile[s];
          counted[s]++;
        }
      }
    }

    /** A straightforward profile: regular expressions over the text's code points. */
    static double[] profile(String text) {
      int length = text.codePointCount(0, text.length());
      int words = 0;
      int wordLength = 0;
      Matcher word = WORD.matcher(text);
      while (word.find()) {
        words++;
        wordLength += word.group().codePointCount(0, word.group().length());
      }
      int letters = count(LETTER, text);
      int digits = count(DIGIT, text);
      int whitespace = count(WHITESPACE, text);
      long nonAscii = text.codePoints().filter(c -> c > 127).count();
      double nan = Double.NaN;
      if (length == 0) {
        return new double[] {0, 0, nan, nan, nan, nan, nan, nan};
      }
      return new double[] {
        length,
        words,
        words == 0 ? nan : (double) wordLength / words,
        (double) digits / length,
        (double) letters / length,
        (double) whitespace / length,
        (double) (length - digits - letters - whitespace) / length,
        (double) nonAscii / length
      };
    }

    static int count(Pattern pattern, String text) {
      int n = 0;
      Matcher m = pattern.matcher(text);
      while (m.find()) {
        n++;
      }
      return n;
    }

    void assertScraped(Scrape scrape, String model, int calls) {
      assertEquals(calls, scrape.value("model_predictions_total", "model", model), model);
      for (int s = 0; s < STATISTICS.length; s++) {
        String feature = "review." + STATISTICS[s];
        assertEquals(
            counted[s],
            scrape.value("model_feature_value_count", "model", model, "feature", feature),
            model + " " + feature);
        assertEquals(
            sums[s],
            scrape.value("model_feature_value_sum", "model", model, "feature", feature),
            1e-9 * Math.max(1, Math.abs(sums[s])),
            model + " " + feature);
        assertEquals(
            missing[s],
            scrape.value("model_feature_missing_total", "model", model, "feature", feature),
            model + " " + feature);
      }
      assertEquals(
          0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"), "extract errors");
    }
  }
}
