package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.threads.VirtualThreadScoring;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One new virtual thread per call, as servers with virtual threads run a model: the agent's memory
 * must not depend on how many threads ever called the model. Runs on the second JDK of the matrix
 * (virtual threads need JDK 21), once without and once with the agent, under the same small heap.
 */
class VirtualThreadMemoryTest {
  private static final int CALLS = 3_000_000;
  private static final long HEAP_MARGIN = 32L << 20;
  private static final Pattern SCORED =
      Pattern.compile("SCORED calls=(\\d+) millis=(\\d+) heap=(\\d+) checksum=(\\S+)");
  private static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: vt",
          "    intercept:",
          "      class: " + VirtualThreadScoring.TwoFeatureModel.class.getName(),
          "      method: score",
          "      parameters: ['double[]']",
          "    features: [{name: a, index: 0}, {name: b, index: 1}]",
          "    outputs: [{name: score, kind: regression}]",
          "");

  @BeforeAll
  static void secondJdk() {
    JdkMatrixTest.findSecondJdk();
  }

  @Test
  void threeMillionCallsOnVirtualThreadsKeepTheHeapAndCountEveryCall() throws Exception {
    Run without = run(List.of(), null);
    Path config = AgentedServer.writeConfig(CONFIG);
    List<Scrape> scrape = new ArrayList<>();
    Run with = run(List.of(AgentJar.javaagent("config=" + config + ",port=0")), scrape);

    assertEquals(without.checksum, with.checksum, "the program computes the same with the agent");
    Scrape metrics = scrape.get(0);
    assertEquals(CALLS, metrics.value("model_predictions_total", "model", "vt"));
    assertEquals(CALLS, metrics.value("model_prediction_duration_seconds_count", "model", "vt"));
    assertEquals(CALLS, metrics.value("model_feature_value_count", "model", "vt", "feature", "a"));
    assertEquals(CALLS, metrics.value("model_feature_value_count", "model", "vt", "feature", "b"));
    assertEquals(
        CALLS, metrics.value("model_output_value_count", "model", "vt", "output", "score"));
    assertEquals(0, metrics.value("model_predictions_in_flight", "model", "vt"));
    assertEquals(0, metrics.value("modelwatch_agent_errors_total", "stage", "exit"));
    assertTrue(
        with.heap - without.heap <= HEAP_MARGIN,
        "heap after GC: "
            + mib(with.heap)
            + " MiB with the agent, "
            + mib(without.heap)
            + " MiB without");
    assertTrue(
        with.millis <= 2 * without.millis,
        "time: " + with.millis + " ms with the agent, " + without.millis + " ms without");
  }

  private static Run run(List<String> agent, List<Scrape> scrape) throws Exception {
    List<String> jvm = new ArrayList<>(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"));
    jvm.addAll(agent);
    ScoringProgram.Result result =
        ScoringProgram.run(
            JdkMatrixTest.java,
            VirtualThreadScoring.class.getName(),
            jvm,
            List.of(Integer.toString(CALLS)),
            SCORED,
            scrape != null);
    if (scrape != null) {
      scrape.add(result.scrape);
    }
    assertEquals(CALLS, result.number(1));
    return new Run(result.number(2), result.number(3), result.line.group(4));
  }

  private static long mib(long bytes) {
    return bytes >> 20;
  }

  private static final class Run {
    final long millis;
    final long heap;
    final String checksum;

    Run(long millis, long heap, String checksum) {
      this.millis = millis;
      this.heap = heap;
      this.checksum = checksum;
    }
  }
}
