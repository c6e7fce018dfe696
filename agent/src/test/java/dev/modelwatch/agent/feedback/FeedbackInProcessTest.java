package dev.modelwatch.agent.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.agent.extract.ArgumentExtractor;
import dev.modelwatch.agent.extract.ReturnValueExtractor;
import dev.modelwatch.agent.instrument.InstrumentationInstaller;
import dev.modelwatch.agent.instrument.MethodInstrumentation;
import dev.modelwatch.agent.instrument.SiteTransformer;
import dev.modelwatch.agent.instrument.TypeInstrumentation;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericSpec;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.bootstrap.ModelWatchBridge;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.fixtures.FeedbackFixtures.Outcomes;
import dev.modelwatch.fixtures.FeedbackFixtures.Request;
import dev.modelwatch.fixtures.FeedbackFixtures.Scorer;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;

/**
 * The real advice, bridge and recorder in this JVM: ids read from the predict argument by path, and
 * an outcome method reported from inside a predict call (outside the recorded-call guard, never a
 * prediction).
 */
class FeedbackInProcessTest {
  private static final Instrumentation INSTRUMENTATION = ByteBuddyAgent.install();

  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: scorer",
          "    intercept: {class: dev.modelwatch.fixtures.FeedbackFixtures$Scorer, method: score}",
          "    features: [{name: x, path: x}]",
          "    outputs: [{name: y, kind: regression}]",
          "    prediction_id: {argument: 0, path: id}",
          "    feedback:",
          "      min_samples: 1",
          "      method: {class: dev.modelwatch.fixtures.FeedbackFixtures$Outcomes, method: record}",
          "");

  @Test
  void idsFromTheArgumentAndOutcomesReportedInsideAPrediction() throws Exception {
    AgentConfig config = ConfigLoader.parse(CONFIG, null);
    List<ModelMonitor> models = new ArrayList<>();
    List<Site> sites = new ArrayList<>();
    List<TypeInstrumentation> plans = new ArrayList<>();
    for (ModelConfig model : config.models()) {
      ModelMonitor monitor =
          new ModelMonitor(
              models.size(),
              model,
              config.limits(),
              NumericSpec.Source.CONFIG_ONLY,
              new ArgumentExtractor(model.features()),
              new ReturnValueExtractor(model.outputs()));
      models.add(monitor);
      sites.add(new Site(sites.size(), model.name(), monitor));
      plans.add(
          new MethodInstrumentation(
              model.intercept().className(), model.intercept().method(), null, 0));
    }
    List<ModelFeedback> feedback = FeedbackSetup.attach(models, config.limits(), sites, plans);
    AgentErrors errors = new AgentErrors();
    Recorder recorder = new Recorder(sites, models, errors);
    ModelWatchBridge.install(recorder);
    SiteTransformer transformer =
        InstrumentationInstaller.install(INSTRUMENTATION, sites, plans, errors, true);
    try {
      Outcomes outcomes = new Outcomes();
      Scorer scorer = new Scorer(outcomes);
      assertEquals(2.0, scorer.score(new Request("a", 1.0, null, 0)), 0);
      assertEquals(6.0, scorer.score(new Request("b", 3.0, "a", 5)), 0); // a: predicted 2, label 5
      assertEquals(10.0, scorer.score(new Request("c", 5.0, "b", 4)), 0); // b: predicted 6, label 4
      outcomes.record("c", 10); // outside any prediction
      outcomes.record("zz", 1); // no such prediction
      assertEquals(4, outcomes.recorded, "the application's calls all happened");

      ModelFeedback.Snapshot snapshot = feedback.get(0).snapshot();
      assertEquals(3, snapshot.matched);
      assertEquals(1, snapshot.unmatched);
      assertEquals(3, snapshot.window.count);
      // errors predicted - actual: 2 - 5, 6 - 4, 10 - 10
      assertEquals((-3 + 2 + 0) / 3.0, snapshot.window.regressionMetrics().get("bias"), 1e-15);
      assertEquals((3 + 2 + 0) / 3.0, snapshot.window.regressionMetrics().get("mae"), 1e-15);
      assertEquals(
          3,
          models.get(0).totals(recorder.cells().sum(0)).finished,
          "outcome calls are no predictions");
      assertEquals(0, errors.total(ErrorStage.EXTRACT));
    } finally {
      ModelWatchBridge.install(null);
      transformer.reset(INSTRUMENTATION);
    }
  }
}
