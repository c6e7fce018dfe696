package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.tribuo.TribuoNamedModelsJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Two Tribuo models of the same class are two models: {@code model_name} (a glob on {@code
 * Model.getName()}) tells them apart, with exact, separate counts; a third of that class whose name
 * no model selects is unmatched.
 */
class TribuoNamedModelsTest {
  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: europe",
          "    intercept: {library: tribuo, model_class: org.tribuo.regression.sgd.linear.LinearSGDModel,"
              + " model_name: 'eu-*'}",
          "    features: [{name: alcohol}]",
          "    outputs: [{name: quality, kind: regression}]",
          "  - name: america",
          "    intercept: {library: tribuo, model_name: 'us-*'}",
          "    features: [{name: alcohol}]",
          "    outputs: [{name: quality, kind: regression}]",
          "");
  static final Pattern SCORED =
      Pattern.compile("(?m)^SCORED (\\S+) (\\S+) rows=(\\d+) alcohol_sum=(\\S+)$");

  @Test
  void twoModelsOfOneClassAreToldApartByName() throws Exception {
    try (ForkedServer job =
        ForkedServer.start(
            ForkedServer.javaExecutable(),
            TribuoNamedModelsJob.class.getName(),
            List.of(AgentJar.javaagent("config=" + AgentedServer.writeConfig(CONFIG) + ",port=0")),
            List.of("70", "40", "25"),
            Map.of(),
            false)) {
      job.awaitStdout("DONE", Duration.ofMinutes(3));
      Scrape scrape =
          Scrape.of(
              Integer.parseInt(job.awaitStderr(AgentedServer.SERVING, Duration.ofSeconds(30))));
      Matcher scored = SCORED.matcher(job.stdout());
      int seen = 0;
      while (scored.find()) {
        seen++;
        String name = scored.group(1);
        assertEquals(
            "org.tribuo.regression.sgd.linear.LinearSGDModel",
            scored.group(2),
            "one class for all three");
        long rows = Long.parseLong(scored.group(3));
        double alcohol = Double.parseDouble(scored.group(4));
        if (name.startsWith("asia")) {
          assertEquals(
              rows, scrape.value("modelwatch_agent_unmatched_calls_total", "library", "tribuo"));
          continue;
        }
        String model = name.startsWith("eu") ? "europe" : "america";
        assertEquals(rows, scrape.value("model_predictions_total", "model", model));
        assertEquals(
            rows, scrape.value("model_feature_value_count", "model", model, "feature", "alcohol"));
        assertEquals(
            alcohol,
            scrape.value("model_feature_value_sum", "model", model, "feature", "alcohol"),
            1e-6 * Math.abs(alcohol));
        assertEquals(
            rows, scrape.value("model_output_value_count", "model", model, "output", "quality"));
      }
      assertEquals(3, seen, job.stdout());
      assertTrue(
          job.stderr()
              .contains(
                  "tribuo calls on org.tribuo.regression.sgd.linear.LinearSGDModel 'asia-quality' match no configured"
                      + " model"),
          job.stderr());
      job.process().getOutputStream().close();
      assertTrue(job.process().waitFor(30, TimeUnit.SECONDS), "the job returned");
    }
  }
}
