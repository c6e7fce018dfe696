package dev.modelwatch.config.baseline;

import java.util.List;

/** The rules shared by every list of shares in a baseline. */
final class ShareChecks {

  /** How far a list of shares may sum from 1 (rounding of the decimal representation). */
  static final double SUM_TOLERANCE = 1e-6;

  private ShareChecks() {}

  static void checkShare(String path, double share, List<String> problems) {
    if (!(share >= 0 && share <= 1)) {
      problems.add(path + ": must be in [0, 1], found " + share);
    }
  }

  static void checkShares(String path, double[] shares, List<String> problems) {
    double sum = 0;
    boolean allValid = true;
    for (int i = 0; i < shares.length; i++) {
      if (!(shares[i] >= 0 && shares[i] <= 1)) {
        problems.add(path + "[" + i + "]: must be in [0, 1], found " + shares[i]);
        allValid = false;
      }
      sum += shares[i];
    }
    if (allValid && Math.abs(sum - 1) > SUM_TOLERANCE) {
      problems.add(path + ": must sum to 1 (within " + SUM_TOLERANCE + "), but the sum is " + sum);
    }
  }
}
