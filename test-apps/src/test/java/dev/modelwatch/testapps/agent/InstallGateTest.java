package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.threads.FastScoring;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Byte Buddy is set up beside the application, not in premain: premain returns before the
 * instrumentation is in place, and a class that may be instrumented, loaded meanwhile, waits for it
 * and is instrumented. The set-up is delayed by {@value #DELAY_MILLIS} ms (a self-test property) so
 * that the program's {@code main}, which loads and calls the model at once, always comes first:
 * premain's {@code ready in} comes before {@code in place}, the log says one class waited, and
 * every call is counted. Without the wait the model's class would load uninstrumented and count
 * nothing.
 */
class InstallGateTest {
  static final long DELAY_MILLIS = 3000;
  static final int CALLS = 1000;
  static final Pattern READY = Pattern.compile("ready in (\\d+) ms");
  static final Pattern IN_PLACE =
      Pattern.compile("instrumentation in place (\\d+) ms after the agent started; (\\d+) class");

  @Test
  void aClassLoadedBeforeTheInstrumentationIsInPlaceWaitsForItAndIsRecorded() throws Exception {
    Path config =
        AgentedServer.writeConfig(
            String.join(
                "\n",
                "models:",
                "  - name: early",
                "    intercept: {class: "
                    + FastScoring.EveryCallModel.class.getName()
                    + ", method: score, parameters: [long]}",
                ""));
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    ScoringProgram.Result result =
        ScoringProgram.run(
            java,
            FastScoring.class.getName(),
            List.of(
                "-Dmodelwatch.selftest.installDelayMillis=" + DELAY_MILLIS,
                AgentJar.javaagent("config=" + config + ",port=0")),
            List.of("1", Integer.toString(CALLS)),
            Pattern.compile("SCORED calls=(\\d+)"),
            true);
    assertEquals(CALLS, result.number(1));
    assertEquals(CALLS, result.scrape.value("model_predictions_total", "model", "early"));

    Matcher ready = READY.matcher(result.stderr);
    assertTrue(ready.find(), result.stderr);
    long readyMillis = Long.parseLong(ready.group(1));
    Matcher inPlace = IN_PLACE.matcher(result.stderr);
    assertTrue(inPlace.find(), result.stderr);
    long inPlaceMillis = Long.parseLong(inPlace.group(1));
    // the set-up sleeps DELAY_MILLIS after its warm-up, which premain never waits for
    assertTrue(inPlaceMillis >= DELAY_MILLIS, "in place after " + inPlaceMillis + " ms");
    assertTrue(
        readyMillis < inPlaceMillis,
        "premain returned after "
            + readyMillis
            + " ms, once the instrumentation was in place ("
            + inPlaceMillis
            + " ms): it waited for it");
    assertEquals(1, Integer.parseInt(inPlace.group(2)), "classes that waited\n" + result.stderr);
  }
}
