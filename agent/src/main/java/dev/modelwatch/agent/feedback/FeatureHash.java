package dev.modelwatch.agent.feedback;

/**
 * The {@code prediction_id: {hash: features}} id: a 64-bit hash of one call's feature values, in
 * config order, row after row. A number (a category code too) is taken as the double the model
 * received (a float widened to double), missing as NaN; each step is {@code h = (h XOR
 * Double.doubleToLongBits(v)) * 0x100000001b3} from {@code 0xcbf29ce484222325}. A text category
 * adds one such step per UTF-16 char. The id sent with a label is the hash as 16 lowercase hex
 * digits.
 */
public final class FeatureHash {
  public static final long START = IdKeys.OFFSET;

  private FeatureHash() {}

  public static long number(long hash, double value) {
    return (hash ^ Double.doubleToLongBits(value)) * IdKeys.PRIME;
  }

  public static long text(long hash, String value) {
    long h = hash;
    for (int i = 0; i < value.length(); i++) {
      h = (h ^ value.charAt(i)) * IdKeys.PRIME;
    }
    return h;
  }

  public static String format(long hash) {
    String hex = Long.toHexString(hash);
    return "0000000000000000".substring(hex.length()) + hex;
  }

  /** The hash written as 16 hex digits, or throws naming the expected form. */
  public static long parse(String id) {
    if (id.length() != 16) {
      throw new IllegalArgumentException(
          "the id must be the feature hash as 16 hex digits (prediction_id: {hash: features}), found \""
              + abbreviate(id)
              + "\"");
    }
    try {
      return Long.parseUnsignedLong(id, 16);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the id must be the feature hash as 16 hex digits (prediction_id: {hash: features}), found \""
              + abbreviate(id)
              + "\"");
    }
  }

  static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "...";
  }
}
