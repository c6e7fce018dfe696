package dev.modelwatch.agent.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.modelwatch.agent.extract.InputExtractor;
import dev.modelwatch.agent.extract.OutputExtractor;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericHistogram;
import dev.modelwatch.agent.record.NumericSpec;
import dev.modelwatch.config.AgentConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.Regressor;

/** Attribution of calls to configured models by the Tribuo model's class, on real models. */
class TribuoSiteTest {
  static final String REGRESSION = "org.tribuo.regression.sgd.linear.LinearSGDModel";

  static List<ModelMonitor> monitors(String... lines) throws Exception {
    AgentConfig config = TribuoConfigs.agent(lines);
    List<ModelMonitor> monitors = new ArrayList<>();
    for (int i = 0; i < config.models().size(); i++) {
      monitors.add(
          new ModelMonitor(i, config.models().get(i), config.limits(), NumericSpec.Source.CONFIG_ONLY,
              InputExtractor.NONE, OutputExtractor.NONE));
    }
    return monitors;
  }

  static Model<Label> classifier() {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("rows", factory), factory);
    for (int i = 0; i < 20; i++) {
      data.add(new ArrayExample<>(new Label(i % 2 == 0 ? "a" : "b"), new String[] {"x"}, new double[] {i + 1}));
    }
    return new org.tribuo.classification.sgd.linear.LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), 1, -1, 1, 3L)
        .train(data);
  }

  @Test
  void theExactClassWinsThenASuperclassThenTheModelWithoutSelector() throws Exception {
    List<ModelMonitor> models =
        monitors(
            "models:",
            "  - name: any",
            "    intercept: {library: tribuo}",
            "  - name: sgd",
            "    intercept: {library: tribuo, model_class: org.tribuo.common.sgd.AbstractSGDModel}",
            "  - name: regression",
            "    intercept: {library: tribuo, model_class: " + REGRESSION + "}");
    TribuoSite site = new TribuoSite(0, models);
    assertEquals(2, site.select(org.tribuo.regression.sgd.linear.LinearSGDModel.class));
    assertEquals(1, site.select(org.tribuo.classification.sgd.linear.LinearSGDModel.class));
    assertEquals(0, site.select(org.tribuo.regression.baseline.DummyRegressionModel.class));
  }

  @Test
  void callsOfUnselectedModelsAreCountedAsUnmatchedEveryTime() throws Exception {
    List<ModelMonitor> models =
        monitors(
            "models:",
            "  - name: regression",
            "    intercept: {library: tribuo, model_class: " + REGRESSION + "}",
            "    features: [{name: x}]");
    TribuoSite site = new TribuoSite(0, models);
    Model<Label> classifier = classifier();
    assertNull(site.modelFor(classifier));
    assertNull(site.modelFor(classifier));
    assertNull(site.modelFor(null));
    assertEquals(3, site.unmatchedCalls());
    assertEquals("tribuo", site.library());
  }

  @Test
  void theFirstCallBindsTheModelsTrainingRangeOnce() throws Exception {
    List<ModelMonitor> models =
        monitors(
            "models:",
            "  - name: classes",
            "    intercept: {library: tribuo}",
            "    features: [{name: x}, {name: y}]");
    TribuoSite site = new TribuoSite(0, models);
    Model<Label> classifier = classifier();
    ModelMonitor monitor = site.modelFor(classifier);
    assertSame(models.get(0), monitor);
    assertSame(monitor, site.modelFor(classifier));
    assertEquals(0, site.unmatchedCalls());
    NumericHistogram x = monitor.numericFeatures()[0];
    long[] cells = new long[monitor.layout().size()];
    // trained on x = 1..20
    for (double v : new double[] {0.5, 1, 20, 20.5}) {
      x.record(cells, v);
    }
    assertEquals(2, x.outOfRange(cells));
    assertEquals(false, monitor.numericFeatures()[1].hasRange(), "the model has no feature y");
  }
}
