package dev.modelwatch.agent.instrument;

import dev.modelwatch.agent.extract.ArgumentExtractor;
import dev.modelwatch.agent.extract.ReturnValueExtractor;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ModelLayout;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericSpec;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.bootstrap.Dispatcher;
import dev.modelwatch.bootstrap.ModelWatchBridge;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.InterceptConfig;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.OutputExtractor;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * The agent's instrumentation installed into the test JVM itself (tier 2): the same advice, bridge
 * and recorder as the shaded agent, on test classes, with everything reset afterwards.
 */
final class InProcessAgent implements AutoCloseable {
  private static final Instrumentation INSTRUMENTATION = ByteBuddyAgent.install();

  final Recorder recorder;
  final AgentErrors errors = new AgentErrors();
  private final SiteTransformer transformer;

  private InProcessAgent(String yaml, Dispatcher override) throws Exception {
    AgentConfig config = ConfigLoader.parse(yaml, null);
    List<ModelMonitor> models = new ArrayList<>();
    List<Site> sites = new ArrayList<>();
    List<TypeInstrumentation> plans = new ArrayList<>();
    for (ModelConfig model : config.models()) {
      InterceptConfig intercept = model.intercept();
      ModelMonitor monitor =
          new ModelMonitor(
              models.size(),
              model,
              config.limits(),
              NumericSpec.Source.CONFIG_ONLY,
              model.features().isEmpty()
                  ? InputExtractor.NONE
                  : new ArgumentExtractor(model.features()),
              model.outputs().isEmpty()
                  ? OutputExtractor.NONE
                  : new ReturnValueExtractor(model.outputs()));
      models.add(monitor);
      sites.add(new Site(sites.size(), model.name(), monitor));
      plans.add(
          new MethodInstrumentation(
              intercept.className(), intercept.method(), intercept.parameters(), 0));
    }
    recorder = new Recorder(sites, models, errors);
    ModelWatchBridge.install(override != null ? override : recorder);
    transformer = InstrumentationInstaller.install(INSTRUMENTATION, sites, plans, errors, true);
  }

  static InProcessAgent install(String yaml) throws Exception {
    return new InProcessAgent(yaml, null);
  }

  /** Instruments as configured, but advice calls {@code dispatcher} instead of the recorder. */
  static InProcessAgent installWith(String yaml, Dispatcher dispatcher) throws Exception {
    return new InProcessAgent(yaml, dispatcher);
  }

  ModelLayout.CallTotals totals(int model) {
    return recorder.models().get(model).totals(recorder.cells().sum(model));
  }

  @Override
  public void close() {
    ModelWatchBridge.install(null);
    transformer.reset(INSTRUMENTATION);
  }
}
