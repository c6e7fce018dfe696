package dev.modelwatch.benchmarks.models;

import java.util.Random;

/**
 * A stand-in for a text classifier that costs nothing itself: {@link #classify} returns the length
 * of one of {@link #COUNT} fixed texts of about 100 characters (words of letters, some numbers,
 * punctuation, an accented word now and then), so that what a benchmark measures is the agent's
 * text profile ({@code profile: text}).
 */
public final class TextModel {
  public static final int COUNT = 1024;
  public static final String[] WORDS = {
    "the", "service", "was", "great", "and", "delivery", "took", "days", "café", "order", "2024",
    "refund", "quick", "support", "item", "broken", "love", "it", "again", "would", "buy", "never"
  };

  private final String[] texts = texts(COUNT, 1);

  /** Text {@code i} (of {@link #COUNT}, cycled). */
  public String text(int i) {
    return texts[i & (COUNT - 1)];
  }

  public int classify(String text) {
    return text.length();
  }

  /** {@code count} texts of about 100 characters, from {@code seed}. */
  public static String[] texts(int count, long seed) {
    Random random = new Random(seed);
    String[] texts = new String[count];
    for (int t = 0; t < count; t++) {
      StringBuilder text = new StringBuilder();
      while (text.length() < 95) {
        text.append(WORDS[random.nextInt(WORDS.length)]);
        text.append(random.nextInt(8) == 0 ? ", " : " ");
      }
      texts[t] = text.toString().trim() + ".";
    }
    return texts;
  }
}
