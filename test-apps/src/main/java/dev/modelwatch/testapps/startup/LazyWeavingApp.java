package dev.modelwatch.testapps.startup;

/**
 * Prints {@code BEFORE MODEL}, then loads and calls the configured model class ({@link
 * BatchScorer}), then prints {@code AFTER MODEL}; each line flushed at once, so that with {@code
 * -Xlog:class+load} on the same stream the JVM's class loading lines fall between them in the order
 * they happened ({@code LazyWeavingTest}).
 */
public final class LazyWeavingApp {
  private LazyWeavingApp() {}

  public static void main(String[] args) {
    System.out.println("BEFORE MODEL");
    System.out.flush();
    double score = new BatchScorer().score(new double[] {1, 2});
    System.out.println("AFTER MODEL " + score);
    System.out.flush();
  }
}
