package dev.modelwatch.agent.drift;

/** The textbook formulas of {@link ModelDriftTest}, shared with other tests. */
public final class ModelDriftTestFormulas {
  private ModelDriftTestFormulas() {}

  public static double psi(double[] baseline, long[] counts) {
    return ModelDriftTest.psi(baseline, counts);
  }

  public static double chiSquared(double[] baseline, long[] counts) {
    return ModelDriftTest.chiSquared(baseline, counts);
  }
}
