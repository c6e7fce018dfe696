package dev.modelwatch.agent.tribuo;

import dev.modelwatch.agent.record.IdentityLookup;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.agent.record.UnmatchedCalls;
import java.util.List;

/**
 * The one site of all configured Tribuo models. A call belongs to the model whose
 * {@code model_class} is the Tribuo model's class (else one of its superclasses), else to the first
 * configured Tribuo model without {@code model_class}. Resolved once per Tribuo model instance (by
 * identity, lock-free afterwards); that first call also binds the instance's training ranges
 * and, without a baseline file, its coarse baseline ({@link TribuoFirstCall}).
 */
final class TribuoSite extends Site {
  private final ModelMonitor[] models;
  private final String[] modelClasses;
  private final TribuoFirstCall firstCall;
  private final IdentityLookup<ModelMonitor> byInstance = new IdentityLookup<>(this::resolve);

  TribuoSite(int id, List<ModelMonitor> models) {
    super(id, "tribuo: org.tribuo.Model#predict (" + models.size() + " model(s))", null);
    this.models = models.toArray(new ModelMonitor[0]);
    this.modelClasses = new String[this.models.length];
    for (int i = 0; i < modelClasses.length; i++) {
      modelClasses[i] = this.models[i].config().intercept().modelClass();
    }
    this.firstCall = new TribuoFirstCall(this.models.length);
  }

  @Override
  public String library() {
    return TribuoPreset.LIBRARY;
  }

  @Override
  public ModelMonitor modelFor(Object self) {
    ModelMonitor model = self == null ? null : byInstance.get(self);
    if (model == null) {
      countUnmatched();
    }
    return model;
  }

  /** Index into the configured models for a Tribuo model class, or -1. */
  int select(Class<?> type) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (int i = 0; i < models.length; i++) {
        if (c.getName().equals(modelClasses[i])) {
          return i;
        }
      }
    }
    for (int i = 0; i < models.length; i++) {
      if (modelClasses[i] == null) {
        return i;
      }
    }
    return -1;
  }

  private ModelMonitor resolve(Object tribuoModel) {
    int index = select(tribuoModel.getClass());
    if (index < 0) {
      UnmatchedCalls.logOnce(TribuoPreset.LIBRARY, TribuoFirstCall.describe(tribuoModel));
      return null;
    }
    ModelMonitor model = models[index];
    firstCall.bind(index, model, tribuoModel);
    return model;
  }
}
