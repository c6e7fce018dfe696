package dev.modelwatch.testapps.acme;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Scores {@code args[0]} rows with scorer {@code fraud-eu} and {@code args[1]} with {@code
 * fraud-us}, and {@code args[2]} with {@code churn} (which no config selects); prints what it sent,
 * then waits for a line on standard input before it returns (so a test can scrape the agent while
 * the JVM lives).
 */
public final class AcmeScoring {
  static final String[] COUNTRIES = {"DE", "FR", "US", null};

  private AcmeScoring() {}

  public static void main(String[] args) throws IOException {
    Scorer eu = new Scorer("fraud-eu", 0.5);
    Scorer us = new Scorer("fraud-us", 2.0);
    Scorer churn = new Scorer("churn", 1.0);
    System.out.println(score(eu, Integer.parseInt(args[0])));
    System.out.println(score(us, Integer.parseInt(args[1])));
    System.out.println(score(churn, Integer.parseInt(args[2])));
    System.out.println("SCORED");
    System.out.flush();
    new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
  }

  /** {@code NAME rows R sum S countries DE=a FR=b US=c missing=d}. */
  static String score(Scorer scorer, int rows) {
    double sum = 0;
    int[] countries = new int[COUNTRIES.length];
    for (int i = 0; i < rows; i++) {
      int c = (i * 7) % COUNTRIES.length;
      countries[c]++;
      sum += scorer.score(new Row(i % 100, COUNTRIES[c]));
    }
    return String.format(
        Locale.ROOT,
        "%s rows %d sum %.1f countries DE=%d FR=%d US=%d missing=%d",
        scorer.name(),
        rows,
        sum,
        countries[0],
        countries[1],
        countries[2],
        countries[3]);
  }
}
