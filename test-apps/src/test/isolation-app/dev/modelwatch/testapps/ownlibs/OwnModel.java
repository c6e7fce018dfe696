package dev.modelwatch.testapps.ownlibs;

/** The application's model: the agent instruments {@code predict}. */
public class OwnModel {
  public double predict(double[] features) {
    double sum = 0;
    for (double feature : features) {
      sum += feature;
    }
    if (sum < 0) {
      throw new IllegalArgumentException("negative input");
    }
    return sum;
  }
}
