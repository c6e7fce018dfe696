package dev.modelwatch.agent.extract;

import java.util.List;

/**
 * The words of a baseline's vocabulary as a set of 64-bit word hashes ({@link TextProfile#hash}),
 * in an open-addressing table: a look-up is a few array reads and allocates nothing. Two words
 * share a hash with a probability of about {@code n / 2^64}, which for a vocabulary of a million
 * words is far below anything a share could show.
 */
public final class TextVocabulary {
  private final long[] table;
  private final int mask;
  private final boolean hasZero;
  private final int size;

  private TextVocabulary(List<String> words) {
    int capacity = Integer.highestOneBit(Math.max(4, words.size() * 2 - 1)) << 1;
    table = new long[capacity];
    mask = capacity - 1;
    boolean zero = false;
    int distinct = 0;
    for (String word : words) {
      long hash = TextProfile.hash(word);
      if (hash == 0) {
        distinct += zero ? 0 : 1;
        zero = true;
        continue;
      }
      int slot = slot(hash);
      while (table[slot] != 0 && table[slot] != hash) {
        slot = (slot + 1) & mask;
      }
      if (table[slot] == 0) {
        table[slot] = hash;
        distinct++;
      }
    }
    hasZero = zero;
    size = distinct;
  }

  /** The vocabulary of {@code words}, or null when there are none (no {@code oov_share}). */
  public static TextVocabulary of(List<String> words) {
    return words == null || words.isEmpty() ? null : new TextVocabulary(words);
  }

  boolean contains(long hash) {
    if (hash == 0) {
      return hasZero;
    }
    for (int slot = slot(hash); ; slot = (slot + 1) & mask) {
      long entry = table[slot];
      if (entry == hash) {
        return true;
      }
      if (entry == 0) {
        return false;
      }
    }
  }

  /** Whether {@code word} (compared lower-cased) is in the vocabulary. */
  public boolean contains(String word) {
    return contains(TextProfile.hash(word));
  }

  /** Distinct words. */
  public int size() {
    return size;
  }

  private int slot(long hash) {
    return (int) (hash ^ (hash >>> 32)) & mask;
  }
}
