package dev.modelwatch.agent.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.modelwatch.agent.extract.InputExtractor;
import dev.modelwatch.agent.extract.OutputExtractor;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericSpec;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attribution of sessions to models by the path they were created from. */
class OnnxSessionSiteTest {
  @Test
  void eachSessionGoesToTheFirstModelWhosePathMatchesAndTheRestAreCounted() throws Exception {
    AgentConfig config = ConfigLoader.parse(
        "models:\n"
            + "  - {name: a, intercept: {library: onnxruntime, model_path: client01/wine.onnx}}\n"
            + "  - {name: b, intercept: {library: onnxruntime, model_path: \"*/wine.onnx\"}}\n"
            + "  - {name: c, intercept: {library: onnxruntime, model_path: \"*/client01/*.onnx\"}}\n",
        null);
    List<ModelMonitor> models = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      models.add(new ModelMonitor(i, config.models().get(i), config.limits(), NumericSpec.Source.CONFIG_ONLY,
          InputExtractor.NONE, OutputExtractor.NONE));
    }
    OnnxSessionSite site = new OnnxSessionSite(0, models);
    Object first = new Object();
    Object second = new Object();
    Object other = new Object();
    Object fromBytes = new Object();
    site.created(first, "/srv/client01/wine.onnx");
    site.created(second, "/srv/client02/wine.onnx");
    site.created(other, "/srv/client02/other.onnx");
    assertSame(models.get(0), site.modelFor(first), "first match in config order");
    assertSame(models.get(1), site.modelFor(second));
    assertSame(models.get(0), site.modelFor(first), "found again by identity");
    assertNull(site.modelFor(other));
    assertNull(site.modelFor(other));
    assertNull(site.modelFor(fromBytes), "no path known");
    assertEquals(3, site.unmatchedCalls(), "every unmatched call counts, not only the first per session");
    assertEquals("onnxruntime", site.library());
  }

  @Test
  void aModelWithoutModelPathTakesEverySessionEvenOfUnknownPath() throws Exception {
    AgentConfig config = ConfigLoader.parse("models:\n  - {name: any, intercept: {library: onnxruntime}}\n", null);
    ModelMonitor any = new ModelMonitor(0, config.models().get(0), config.limits(), NumericSpec.Source.CONFIG_ONLY,
        InputExtractor.NONE, OutputExtractor.NONE);
    OnnxSessionSite site = new OnnxSessionSite(0, List.of(any));
    assertSame(any, site.modelFor(new Object()));
    assertEquals(0, site.unmatchedCalls());
  }
}
