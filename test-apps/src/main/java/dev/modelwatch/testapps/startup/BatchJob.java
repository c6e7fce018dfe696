package dev.modelwatch.testapps.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A scoring job whose {@code main} returns when its work is done; nothing else keeps the JVM alive.
 * Scores {@code args[0]} rows; with {@code --wait-for-line} it first waits for a line on standard
 * input (so a test can look at the JVM while it runs). Says {@code RETURNING} as the last thing.
 */
public final class BatchJob {
  private BatchJob() {}

  public static void main(String[] args) throws IOException {
    int rows = Integer.parseInt(args[0]);
    BatchScorer scorer = new BatchScorer();
    double sum = 0;
    for (int i = 0; i < rows; i++) {
      sum += scorer.score(new double[] {i, 1});
    }
    System.out.println("SCORED " + rows + " " + sum);
    System.out.flush();
    for (String arg : args) {
      if (arg.equals("--wait-for-line")) {
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      }
    }
    System.out.println("RETURNING");
    System.out.flush();
  }
}
