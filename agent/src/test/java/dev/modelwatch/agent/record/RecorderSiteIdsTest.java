package dev.modelwatch.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.modelwatch.bootstrap.CallState;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.OutputExtractor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A config reload gives the new generation site ids that follow the old ones: its recorder records
 * its own ids and ignores every other (advice of an earlier generation still running).
 */
class RecorderSiteIdsTest {
  @Test
  void recordsItsOwnSiteIdsAndIgnoresOthers() throws Exception {
    AgentConfig config =
        ConfigLoader.parse(
            "models:\n"
                + "  - name: a\n"
                + "    intercept: {class: com.acme.A, method: score}\n"
                + "  - name: b\n"
                + "    intercept: {class: com.acme.B, method: score}\n",
            null);
    ModelMonitor a = monitor(0, config, 0);
    ModelMonitor b = monitor(1, config, 1);
    Recorder recorder =
        new Recorder(
            List.of(new Site(7, "a", a), new Site(8, "b", b)), List.of(a, b), new AgentErrors());
    CallState state = new CallState();
    for (int site : new int[] {0, 1, 6, 9, 1000, -1}) {
      recorder.enter(site, null, null, state);
      assertNull(state.call, "site " + site);
      recorder.created(site, 0, new Object(), "x");
      recorder.outcome(site, "id", 1.0);
    }
    recorder.enter(7, null, null, state);
    assertSame(a, state.call);
    recorder.exit(7, null, null, 1.0, null, state);
    recorder.enter(8, null, null, state);
    assertSame(b, state.call);
    recorder.exit(8, null, null, 1.0, null, state);
    recorder.enter(8, null, null, state);
    recorder.exit(8, null, null, 1.0, null, state);
    assertEquals(1, recorder.cells().sum(0)[1], "calls started of a");
    assertEquals(2, recorder.cells().sum(1)[1], "calls started of b");
    assertSame(b, recorder.site(8).modelFor(null));
  }

  @Test
  void siteIdsMustBeConsecutive() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Recorder(
                    List.of(new Site(3, "a", null), new Site(5, "b", null)),
                    List.of(),
                    new AgentErrors()));
    assertEquals("site ids must be consecutive: b has id 5, expected 4", e.getMessage());
  }

  private static ModelMonitor monitor(int id, AgentConfig config, int model) {
    return new ModelMonitor(
        id,
        config.models().get(model),
        config.limits(),
        NumericSpec.Source.CONFIG_ONLY,
        InputExtractor.NONE,
        OutputExtractor.NONE);
  }
}
