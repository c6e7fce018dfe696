package dev.modelwatch.agent.extract;

/** Cached labels for small class indices, so labelling an argmax allocates nothing. */
public final class CategoryLabels {
  private static final String[] SMALL = new String[256];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = Integer.toString(i);
    }
  }

  private CategoryLabels() {}

  public static String of(long index) {
    return index >= 0 && index < SMALL.length ? SMALL[(int) index] : Long.toString(index);
  }
}
