package dev.modelwatch.agent.feedback;

/**
 * Prediction ids as 64-bit keys. An id's key is the FNV-1a hash of its text (a number's text is its
 * decimal digits), computed without building the text for strings and whole numbers, so that
 * keeping a prediction allocates nothing for them. Two distinct ids share a key with probability
 * about n^2 / 2^65 for n pending predictions (3e-10 for 100,000).
 */
public final class IdKeys {
  static final long OFFSET = 0xcbf29ce484222325L;
  static final long PRIME = 0x100000001b3L;

  private IdKeys() {}

  /**
   * The key of an id value from the application: text, a whole number, or any object by its
   * toString.
   */
  public static long of(Object id) {
    if (id instanceof CharSequence) {
      return ofText((CharSequence) id);
    }
    if (id instanceof Long || id instanceof Integer || id instanceof Short || id instanceof Byte) {
      return ofWholeNumber(((Number) id).longValue());
    }
    return ofText(String.valueOf(id));
  }

  public static long ofText(CharSequence text) {
    long h = OFFSET;
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * PRIME;
    }
    return h;
  }

  /** Same as {@code ofText(Long.toString(value))}. */
  static long ofWholeNumber(long value) {
    if (value == Long.MIN_VALUE) {
      return ofText(Long.toString(value));
    }
    long h = OFFSET;
    if (value < 0) {
      h = (h ^ '-') * PRIME;
      value = -value;
    }
    long power = 1;
    while (power <= value / 10) {
      power *= 10;
    }
    for (; power > 0; power /= 10) {
      h = (h ^ ('0' + (value / power) % 10)) * PRIME;
    }
    return h;
  }
}
