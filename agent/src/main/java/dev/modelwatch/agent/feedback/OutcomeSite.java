package dev.modelwatch.agent.feedback;

import dev.modelwatch.agent.record.Site;

/**
 * The site of an application's outcome method ({@code feedback.method}). It attributes no call to a
 * model ({@link #modelFor} is null: an outcome is never a prediction); its calls carry labels to
 * the model's feedback instead.
 */
public final class OutcomeSite extends Site {
  private final ModelFeedback feedback;

  public OutcomeSite(int id, String description, ModelFeedback feedback) {
    super(id, description, null);
    this.feedback = feedback;
  }

  /**
   * Hands one reported label over; throws IllegalArgumentException for an unreadable id or label.
   */
  public void outcome(Object id, Object label) {
    feedback.outcome(id, label);
  }

  public ModelFeedback feedback() {
    return feedback;
  }
}
