package dev.modelwatch.agent.feedback;

import dev.modelwatch.agent.instrument.OutcomeInstrumentation;
import dev.modelwatch.agent.instrument.TypeInstrumentation;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.config.FeedbackConfig;
import dev.modelwatch.config.Limits;
import java.util.ArrayList;
import java.util.List;

/**
 * Start-up: gives each model with {@code prediction_id} its feedback, and adds a site per outcome
 * method.
 */
public final class FeedbackSetup {
  private FeedbackSetup() {}

  /**
   * Attaches feedback to the monitors that take it, appending an outcome site and its plan for each
   * {@code feedback.method}; returns the feedback of every such model.
   */
  public static List<ModelFeedback> attach(
      List<ModelMonitor> models, Limits limits, List<Site> sites, List<TypeInstrumentation> plans) {
    return attach(models, limits, sites, plans, 0);
  }

  /**
   * @param firstSiteId the id of {@code sites.get(0)}: site ids run on from it (see {@code
   *     Recorder})
   */
  public static List<ModelFeedback> attach(
      List<ModelMonitor> models,
      Limits limits,
      List<Site> sites,
      List<TypeInstrumentation> plans,
      int firstSiteId) {
    List<ModelFeedback> all = new ArrayList<>();
    for (ModelMonitor model : models) {
      ModelFeedback feedback = ModelFeedback.of(model.config(), limits);
      if (feedback == null) {
        continue;
      }
      model.useFeedback(feedback);
      all.add(feedback);
      FeedbackConfig.OutcomeMethod method = model.config().feedback().method();
      if (method != null) {
        sites.add(
            new OutcomeSite(
                firstSiteId + sites.size(),
                "model '"
                    + model.name()
                    + "' feedback.method ("
                    + method.className()
                    + "#"
                    + method.method()
                    + ")",
                feedback));
        plans.add(
            new OutcomeInstrumentation(
                method.className(), method.method(), method.idArgument(), method.labelArgument()));
      }
    }
    return all;
  }
}
