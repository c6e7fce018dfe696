package dev.modelwatch.agent.djl;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.record.IdentityLookup;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.agent.record.UnmatchedCalls;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.List;

/**
 * Attributes each {@code Predictor.batchPredict} to the configured model whose {@code model_name}
 * equals the name of the predictor's DJL model (the first such model in config order; a model
 * without {@code model_name} takes every predictor). Resolved on a predictor's first call, then
 * found by identity.
 */
final class DjlPredictorSite extends Site {
  private static final NoArgCall GET_NAME = new NoArgCall("getName");

  /** The predictor's {@code model} field (protected in {@code ai.djl.inference.Predictor}). */
  private static final ClassValue<MethodHandle> MODEL_FIELD =
      new ClassValue<MethodHandle>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
          for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
              Field field = c.getDeclaredField("model");
              field.setAccessible(true);
              return MethodHandles.lookup()
                  .unreflectGetter(field)
                  .asType(MethodType.methodType(Object.class, Object.class));
            } catch (NoSuchFieldException ignored) {
              // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
              return null;
            }
          }
          return null;
        }
      };

  private final ModelMonitor[] models;
  private final String[] names;
  private final IdentityLookup<ModelMonitor> byPredictor = new IdentityLookup<>(this::resolve);

  DjlPredictorSite(int id, List<ModelMonitor> models) {
    super(id, "djl: " + PredictorInstrumentation.PREDICTOR + "#batchPredict", null);
    this.models = models.toArray(new ModelMonitor[0]);
    this.names = new String[this.models.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = this.models[i].config().intercept().modelName();
    }
  }

  @Override
  public ModelMonitor modelFor(Object predictor) {
    ModelMonitor model = byPredictor.get(predictor);
    if (model == null) {
      countUnmatched();
    }
    return model;
  }

  @Override
  public String library() {
    return "djl";
  }

  private ModelMonitor resolve(Object predictor) {
    String name = modelName(predictor);
    for (int i = 0; i < models.length; i++) {
      if (names[i] == null || names[i].equals(name)) {
        return models[i];
      }
    }
    UnmatchedCalls.logOnce("djl", name == null ? "a predictor whose model name is unknown" : "model '" + name + "'");
    return null;
  }

  /** Predictor -> its Model -> getName(); null when not readable. */
  static String modelName(Object predictor) {
    if (predictor == null) {
      return null;
    }
    MethodHandle field = MODEL_FIELD.get(predictor.getClass());
    try {
      Object model = field == null ? null : (Object) field.invokeExact(predictor);
      Object name = model == null ? null : GET_NAME.call(model);
      return name == null ? null : name.toString();
    } catch (Throwable t) {
      AgentLog.warnRateLimited(
          "djl:model-name",
          "could not read the model name of a DJL predictor (" + predictor.getClass().getName() + "): " + t
              + "; its calls match only models without model_name",
          null);
      return null;
    }
  }
}
