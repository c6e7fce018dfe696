package dev.modelwatch.testapps.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.logging.LogManager;
import java.util.logging.Logger;

/**
 * An application that installs its own JUL log manager in {@code main}, as Quarkus does, after its
 * own start-up work (here: a line on standard input, sent once the agent's endpoint is up). It then
 * makes the check Quarkus makes, scores {@code args[0]} rows, says {@code SCORED n}, and returns at
 * the next line.
 */
public final class LoggingSetupApp {
  private LoggingSetupApp() {}

  public static void main(String[] args) throws IOException {
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    System.out.println("WAITING");
    System.out.flush();
    stdin.readLine();
    System.setProperty("java.util.logging.manager", AppLogManager.class.getName());
    LogManager manager = LogManager.getLogManager();
    if (!(manager instanceof AppLogManager)) {
      System.err.println(
          "ERROR: The LogManager accessed before the \"java.util.logging.manager\" system property was set to \""
              + AppLogManager.class.getName()
              + "\". Results may be unexpected.");
    }
    System.out.println("LOGMANAGER " + manager.getClass().getName());
    Logger.getLogger(LoggingSetupApp.class.getName()).fine("logging set up");
    int calls = Integer.parseInt(args[0]);
    BatchScorer scorer = new BatchScorer();
    double sum = 0;
    for (int i = 0; i < calls; i++) {
      sum += scorer.score(new double[] {i, 1});
    }
    System.out.println("SCORED " + calls + " " + sum);
    System.out.flush();
    stdin.readLine();
  }
}
