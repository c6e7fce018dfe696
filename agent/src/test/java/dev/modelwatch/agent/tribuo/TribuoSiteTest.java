package dev.modelwatch.agent.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.modelwatch.agent.library.LibrarySites;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericHistogram;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.extension.ModelSpec;
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

/** Attribution of calls to configured models by the Tribuo model's class, on real models. */
class TribuoSiteTest {
  static final String REGRESSION = "org.tribuo.regression.sgd.linear.LinearSGDModel";

  static LibrarySites sites(String... lines) throws Exception {
    return LibrarySites.of(TribuoConfigs.agent(lines));
  }

  static TribuoSite tribuoSite(String... lines) throws Exception {
    return (TribuoSite)
        new TribuoSupport()
            .site(new ArrayList<ModelSpec>(TribuoConfigs.agent(lines).models()), null);
  }

  static Model<Label> classifier() {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(new SimpleDataSourceProvenance("rows", factory), factory);
    for (int i = 0; i < 20; i++) {
      data.add(
          new ArrayExample<>(
              new Label(i % 2 == 0 ? "a" : "b"), new String[] {"x"}, new double[] {i + 1}));
    }
    return new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
            new LogMulticlass(), new AdaGrad(0.1, 0.1), 1, -1, 1, 3L)
        .train(data);
  }

  @Test
  void theExactClassWinsThenASuperclassThenTheModelWithoutSelector() throws Exception {
    TribuoSite site =
        tribuoSite(
            "models:",
            "  - name: any",
            "    intercept: {library: tribuo}",
            "  - name: sgd",
            "    intercept: {library: tribuo, model_class: org.tribuo.common.sgd.AbstractSGDModel}",
            "  - name: regression",
            "    intercept: {library: tribuo, model_class: " + REGRESSION + "}");
    assertEquals(2, site.select(org.tribuo.regression.sgd.linear.LinearSGDModel.class, "m"));
    assertEquals(1, site.select(org.tribuo.classification.sgd.linear.LinearSGDModel.class, "m"));
    assertEquals(0, site.select(org.tribuo.regression.baseline.DummyRegressionModel.class, "m"));
  }

  @Test
  void aNameGlobTellsTwoModelsOfOneClassApart() throws Exception {
    TribuoSite site =
        tribuoSite(
            "models:",
            "  - name: europe",
            "    intercept: {library: tribuo, model_class: " + REGRESSION + ", model_name: 'eu-*'}",
            "  - name: america",
            "    intercept: {library: tribuo, model_name: 'us-*'}");
    Class<?> sgd = org.tribuo.regression.sgd.linear.LinearSGDModel.class;
    assertEquals(0, site.select(sgd, "eu-fraud"));
    assertEquals(1, site.select(sgd, "us-fraud"));
    assertEquals(-1, site.select(sgd, "asia-fraud"));
    assertEquals(-1, site.select(sgd, null), "no name: no name glob matches");
  }

  @Test
  void callsOfUnselectedModelsAreCountedAsUnmatchedEveryTime() throws Exception {
    Site site =
        sites(
                "models:",
                "  - name: regression",
                "    intercept: {library: tribuo, model_class: " + REGRESSION + "}",
                "    features: [{name: x}]")
            .site;
    Model<Label> classifier = classifier();
    assertNull(site.modelFor(classifier));
    assertNull(site.modelFor(classifier));
    assertNull(site.modelFor(null));
    assertEquals(3, site.unmatchedCalls());
    assertEquals("tribuo", site.library());
  }

  @Test
  void theFirstCallBindsTheModelsTrainingRangeOnce() throws Exception {
    LibrarySites sites =
        sites(
            "models:",
            "  - name: classes",
            "    intercept: {library: tribuo}",
            "    features: [{name: x}, {name: y}]");
    List<ModelMonitor> models = sites.monitors;
    Site site = sites.site;
    Model<Label> classifier = classifier();
    ModelMonitor monitor = site.modelFor(classifier);
    assertSame(models.get(0), monitor);
    assertSame(monitor, site.modelFor(classifier));
    assertEquals(0, site.unmatchedCalls());
    NumericHistogram x = monitor.features().get(0).values();
    long[] cells = new long[monitor.layout().size()];
    // trained on x = 1..20
    for (double v : new double[] {0.5, 1, 20, 20.5}) {
      x.record(cells, v);
    }
    assertEquals(2, x.outOfRange(cells));
    assertEquals(
        false, monitor.features().get(1).values().hasRange(), "the model has no feature y");
  }
}
