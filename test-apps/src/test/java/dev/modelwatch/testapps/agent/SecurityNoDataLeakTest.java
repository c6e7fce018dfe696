package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Only aggregates leave the process: input values, exception messages and payloads appear neither
 * in {@code /metrics} nor in the agent's log, even when extraction fails on them.
 */
class SecurityNoDataLeakTest {

  @Test
  void extractionErrorsNameTheFeatureAndTypeButNeverTheValue() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(Scenarios.MAIN, Scenarios.FAULTY, List.of("--port", "0"))) {
      // from the 11th input, the map {x: "SECRET-TEXT-VALUE-42"}: the first extraction error is
      // about
      // its value (text where the feature is numeric), and the first one is what gets logged
      Scenarios.run(app.server(), "scenario=faults&calls=18&from=10");
      Scrape scrape = app.scrape();
      assertEquals(18, scrape.value("model_predictions_total", "model", "faults"));
      String log = app.server().stderr();
      assertTrue(
          log.contains(
              "model 'faults': feature 'x' is numeric, but its value is text that is not a number"
                  + " (20 characters); set kind: categorical or point index/key/path at a number."),
          log);
      for (String secret :
          new String[] {
            "SECRET-TEXT-VALUE-42",
            "failed at entry",
            "failed after work",
            "undeclared checked",
            "plain text"
          }) {
        assertFalse(log.contains(secret), secret + " in the log:\n" + log);
        assertFalse(scrape.text().contains(secret), secret + " in the metrics");
      }
    }
  }
}
