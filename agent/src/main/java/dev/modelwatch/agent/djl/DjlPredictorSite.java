package dev.modelwatch.agent.djl;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.onnxruntime.OnnxInputs;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.LibrarySite;
import dev.modelwatch.extension.ModelSpec;
import dev.modelwatch.extension.OutputExtractor;
import dev.modelwatch.extension.SiteContext;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

/**
 * Attributes each {@code Predictor.batchPredict} to the configured model whose {@code model_name}
 * equals the name of the predictor's DJL model (the first such model in config order; a model
 * without {@code model_name} takes every predictor). Resolved on a predictor's first call, then
 * found by identity.
 */
final class DjlPredictorSite implements LibrarySite {
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

  private final List<ModelSpec> models;
  private final String[] names;
  private final SiteContext context;

  DjlPredictorSite(List<ModelSpec> models, SiteContext context) {
    this.models = List.copyOf(models);
    this.context = context;
    this.names = new String[this.models.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = this.models.get(i).selector("model_name");
    }
  }

  @Override
  public int modelFor(Object predictor) {
    String name = modelName(predictor);
    for (int i = 0; i < names.length; i++) {
      if (names[i] == null || names[i].equals(name)) {
        return i;
      }
    }
    context.unmatched(
        name == null ? "a predictor whose model name is unknown" : "model '" + name + "'");
    return UNMATCHED;
  }

  /**
   * With the OnnxRuntime engine: the columns of the session's inputs ({@code
   * predictor.model.getBlock()} holds the {@code OrtSession} in its {@code session} field); a
   * single input is read from the NDList's first array. Other engines, whose models describe no
   * input shape before a call: by position, the columns of the first call's first NDArray ({@code
   * [k]} or {@code [N, k]}), named after the array ({@code NAME[i]}, {@code input[i]} when it has
   * no name).
   */
  @Override
  public List<? extends FeatureSpec> discoverFeatures(int model, Object predictor, Object input) {
    Object session = sessionOf(predictor);
    if (session != null) {
      List<FeatureSpec> found = OnnxInputs.features(session);
      boolean oneInput = found.stream().map(FeatureSpec::input).distinct().count() == 1;
      List<FeatureSpec> features = new ArrayList<>();
      for (FeatureSpec feature : found) {
        features.add(
            FeatureSpec.numeric(
                feature.name(), oneInput ? null : feature.input(), feature.index(), null));
      }
      return features;
    }
    return byPosition(input);
  }

  /** The predictor's ONNX Runtime session when its engine is OnnxRuntime, else null. */
  private static Object sessionOf(Object predictor) {
    Object djlModel = modelOf(predictor);
    Object block;
    try {
      block = djlModel == null ? null : GET_BLOCK.call(djlModel);
    } catch (ExtractionException e) {
      return null;
    }
    Object session = block == null ? null : field(block, "session");
    return session != null && session.getClass().getName().equals("ai.onnxruntime.OrtSession")
        ? session
        : null;
  }

  /**
   * The columns of the first NDArray of the first element of a {@code batchPredict} list, or null.
   */
  static List<? extends FeatureSpec> byPosition(Object input) {
    if (!(input instanceof List) || ((List<?>) input).isEmpty()) {
      return null;
    }
    Object element = ((List<?>) input).get(0);
    Object array =
        NdArrays.isList(element) && !((List<?>) element).isEmpty()
            ? ((List<?>) element).get(0)
            : element;
    if (!NdArrays.isArray(array)) {
      return null;
    }
    long[] shape;
    String name;
    try {
      shape = NdArrays.shape(array);
      name = NdArrays.name(array);
    } catch (ExtractionException e) {
      return null;
    }
    long columns = shape.length == 1 ? shape[0] : shape.length == 2 ? shape[1] : -1;
    if (columns <= 0) {
      return null; // images and sequences: not a row of features
    }
    String prefix = name == null || name.isEmpty() ? "input" : name;
    List<FeatureSpec> features = new ArrayList<>();
    for (int i = 0; i < columns; i++) {
      features.add(FeatureSpec.numeric(prefix + "[" + i + "]", null, i, null));
    }
    return features;
  }

  @Override
  public InputExtractor inputExtractor(int model, List<? extends FeatureSpec> features) {
    return new DjlInputExtractor(features);
  }

  @Override
  public InputExtractor inputExtractor(int model) {
    return new DjlInputExtractor(models.get(model).features());
  }

  @Override
  public OutputExtractor outputExtractor(int model) {
    ModelSpec spec = models.get(model);
    return spec.outputs().isEmpty() ? OutputExtractor.NONE : new DjlOutputExtractor(spec.outputs());
  }

  private static final NoArgCall GET_BLOCK = new NoArgCall("getBlock");

  /** The predictor's DJL model, or null. */
  static Object modelOf(Object predictor) {
    MethodHandle field = predictor == null ? null : MODEL_FIELD.get(predictor.getClass());
    try {
      return field == null ? null : (Object) field.invokeExact(predictor);
    } catch (Throwable t) {
      return null;
    }
  }

  /** A declared field of the object's class or a superclass, or null. */
  private static Object field(Object target, String name) {
    for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
      } catch (NoSuchFieldException e) {
        // look in the superclass
      } catch (ReflectiveOperationException | RuntimeException e) {
        return null;
      }
    }
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
          "could not read the model name of a DJL predictor ("
              + predictor.getClass().getName()
              + "): "
              + t
              + "; its calls match only models without model_name",
          null);
      return null;
    }
  }
}
