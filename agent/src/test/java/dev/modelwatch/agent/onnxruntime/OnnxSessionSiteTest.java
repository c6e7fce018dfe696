package dev.modelwatch.agent.onnxruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.modelwatch.agent.library.LibrarySites;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Attribution of sessions to models by the path they were created from. */
class OnnxSessionSiteTest {
  /** The index of the session constructor among the ONNX Runtime support's hooks. */
  static final int CREATED = 1;

  @Test
  void eachSessionGoesToTheFirstModelWhosePathMatchesAndTheRestAreCounted() throws Exception {
    AgentConfig config =
        ConfigLoader.parse(
            "models:\n"
                + "  - {name: a, intercept: {library: onnxruntime, model_path: client01/wine.onnx}}\n"
                + "  - {name: b, intercept: {library: onnxruntime, model_path: \"*/wine.onnx\"}}\n"
                + "  - {name: c, intercept: {library: onnxruntime, model_path: \"*/client01/*.onnx\"}}\n",
            null);
    LibrarySites sites = LibrarySites.of(config);
    List<ModelMonitor> models = sites.monitors;
    Site site = sites.site;
    Object first = new Object();
    Object second = new Object();
    Object other = new Object();
    Object fromBytes = new Object();
    site.created(CREATED, first, "/srv/client01/wine.onnx");
    site.created(CREATED, second, "/srv/client02/wine.onnx");
    site.created(CREATED, other, "/srv/client02/other.onnx");
    assertSame(models.get(0), site.modelFor(first), "first match in config order");
    assertSame(models.get(1), site.modelFor(second));
    assertSame(models.get(0), site.modelFor(first), "found again by identity");
    assertNull(site.modelFor(other));
    assertNull(site.modelFor(other));
    assertNull(site.modelFor(fromBytes), "no path known");
    assertEquals(
        3, site.unmatchedCalls(), "every unmatched call counts, not only the first per session");
    assertEquals("onnxruntime", site.library());
  }

  @Test
  void aModelWithoutModelPathTakesEverySessionEvenOfUnknownPath() throws Exception {
    AgentConfig config =
        ConfigLoader.parse("models:\n  - {name: any, intercept: {library: onnxruntime}}\n", null);
    LibrarySites sites = LibrarySites.of(config);
    ModelMonitor any = sites.monitors.get(0);
    Site site = sites.site;
    assertSame(any, site.modelFor(new Object()));
    assertEquals(0, site.unmatchedCalls());
  }
}
