package dev.modelwatch.agent.extract;

import dev.modelwatch.extension.FeatureSink;
import dev.modelwatch.extension.InputProfile;
import java.util.function.Consumer;

/**
 * The profile of one text, in one pass over its code points and without allocating: the statistics
 * of {@link InputProfile#TEXT_STATISTICS}, written as numeric features. Definitions:
 *
 * <ul>
 *   <li>{@code length}: code points (a character outside the Basic Multilingual Plane counts once);
 *   <li>a word is a maximal run of letters and digits ({@link Character#isLetterOrDigit(int)}), so
 *       punctuation and spaces separate words in any script that writes them; {@code word_count}
 *       counts them, {@code mean_word_length} is their code points over their number (missing
 *       without words);
 *   <li>{@code digit_share}, {@code letter_share}, {@code whitespace_share}: code points for which
 *       {@link Character#isDigit(int)}, {@link Character#isLetter(int)}, {@link
 *       Character#isWhitespace(int)} hold, over {@code length}; {@code other_share} is the rest, so
 *       the four add up to 1; {@code non_ascii_share}: code points above 127 over {@code length}
 *       (every share is missing for an empty text);
 *   <li>{@code oov_share}: words, lower-cased ({@link Character#toLowerCase(int)}), not in the
 *       baseline's vocabulary, over {@code word_count} (missing without words; not written while
 *       there is no vocabulary).
 * </ul>
 */
public final class TextProfile {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private TextProfile() {}

  /**
   * Writes the profile of {@code text} to features {@code first} to {@code first + statistics - 1}.
   *
   * @param statistics how many of {@link InputProfile#TEXT_STATISTICS} the group has: {@link
   *     InputProfile#OOV_SHARE} without {@code oov_share}, one more with it
   * @param vocabulary the baseline's words, or null when it has none ({@code oov_share} is then not
   *     written)
   */
  public static void record(
      CharSequence text, int first, int statistics, TextVocabulary vocabulary, FeatureSink sink) {
    int length = 0;
    int digits = 0;
    int letters = 0;
    int spaces = 0;
    int nonAscii = 0;
    int words = 0;
    int wordChars = 0;
    int unknown = 0;
    boolean inWord = false;
    long hash = FNV_OFFSET;
    int n = text.length();
    for (int i = 0; i < n; ) {
      char c = text.charAt(i++);
      int cp = c;
      if (Character.isHighSurrogate(c) && i < n && Character.isLowSurrogate(text.charAt(i))) {
        cp = Character.toCodePoint(c, text.charAt(i++));
      }
      length++;
      if (cp > 127) {
        nonAscii++;
      }
      boolean letter = Character.isLetter(cp);
      boolean digit = !letter && Character.isDigit(cp);
      if (letter) {
        letters++;
      } else if (digit) {
        digits++;
      } else if (Character.isWhitespace(cp)) {
        spaces++;
      }
      if (letter || digit) {
        if (!inWord) {
          inWord = true;
          words++;
          hash = FNV_OFFSET;
        }
        wordChars++;
        hash = mix(hash, Character.toLowerCase(cp));
      } else if (inWord) {
        inWord = false;
        if (vocabulary != null && !vocabulary.contains(hash)) {
          unknown++;
        }
      }
    }
    if (inWord && vocabulary != null && !vocabulary.contains(hash)) {
      unknown++;
    }
    double chars = length == 0 ? Double.NaN : length;
    sink.numeric(first, length);
    sink.numeric(first + 1, words);
    sink.numeric(first + 2, words == 0 ? Double.NaN : (double) wordChars / words);
    sink.numeric(first + 3, digits / chars);
    sink.numeric(first + 4, letters / chars);
    sink.numeric(first + 5, spaces / chars);
    sink.numeric(first + 6, (length - digits - letters - spaces) / chars);
    sink.numeric(first + 7, nonAscii / chars);
    if (statistics > InputProfile.OOV_SHARE && vocabulary != null) {
      sink.numeric(first + 8, words == 0 ? Double.NaN : (double) unknown / words);
    }
  }

  /** Each word of {@code text}, lower-cased, as {@link #record} delimits words. */
  public static void words(CharSequence text, Consumer<String> word) {
    StringBuilder current = new StringBuilder();
    int n = text.length();
    for (int i = 0; i < n; ) {
      int cp = Character.codePointAt(text, i);
      i += Character.charCount(cp);
      if (Character.isLetterOrDigit(cp)) {
        current.appendCodePoint(Character.toLowerCase(cp));
      } else if (current.length() > 0) {
        word.accept(current.toString());
        current.setLength(0);
      }
    }
    if (current.length() > 0) {
      word.accept(current.toString());
    }
  }

  /** The hash {@link #record} computes for a word: FNV-1a over its lower-cased code points. */
  static long hash(CharSequence word) {
    long hash = FNV_OFFSET;
    for (int i = 0; i < word.length(); ) {
      int cp = Character.codePointAt(word, i);
      i += Character.charCount(cp);
      hash = mix(hash, Character.toLowerCase(cp));
    }
    return hash;
  }

  private static long mix(long hash, int codePoint) {
    // the code point's bytes one at a time: two bytes cover the BMP, the third the rest
    hash = (hash ^ (codePoint & 0xff)) * FNV_PRIME;
    hash = (hash ^ ((codePoint >>> 8) & 0xff)) * FNV_PRIME;
    if (codePoint > 0xffff) {
      hash = (hash ^ (codePoint >>> 16)) * FNV_PRIME;
    }
    return hash;
  }
}
