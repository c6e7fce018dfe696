package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.tribuo.TribuoEnsembleJob;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A Tribuo ensemble no configured model selects, whose members are configured by {@code
 * model_class}: the ensemble's calls are unmatched, and every member call inside them is recorded
 * (an unmatched call shadows nothing).
 */
class TribuoEnsembleMembersTest {
  @Test
  void membersOfAnUnmatchedEnsembleAreRecorded() throws Exception {
    String config =
        String.join(
            "\n",
            "models:",
            "  - name: member",
            "    intercept: {library: tribuo, model_class: org.tribuo.regression.sgd.linear.LinearSGDModel}",
            "    features: [{name: alcohol}]",
            "    outputs: [{name: quality, kind: regression}]",
            "");
    ScoringProgram.Result result =
        ScoringProgram.run(
            ForkedServer.javaExecutable(),
            TribuoEnsembleJob.class.getName(),
            List.of(AgentJar.javaagent("config=" + AgentedServer.writeConfig(config) + ",port=0")),
            List.of("3", "40"),
            Pattern.compile("SCORED rows=(\\d+) members=(\\d+) alcohol_sum=(\\S+)"),
            true);
    long rows = result.number(1);
    long members = result.number(2);
    double alcoholSum = Double.parseDouble(result.line.group(3));
    Scrape scrape = result.scrape;
    assertEquals(rows, scrape.value("modelwatch_agent_unmatched_calls_total", "library", "tribuo"));
    assertEquals(rows * members, scrape.value("model_predictions_total", "model", "member"));
    assertEquals(
        rows * members,
        scrape.value("model_feature_value_count", "model", "member", "feature", "alcohol"));
    assertEquals(
        members * alcoholSum,
        scrape.value("model_feature_value_sum", "model", "member", "feature", "alcohol"),
        1e-6 * Math.abs(alcoholSum));
    assertEquals(
        rows * members,
        scrape.value("model_output_value_count", "model", "member", "output", "quality"));
    assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
  }
}
