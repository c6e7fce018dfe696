package dev.modelwatch.agent.onnxruntime;

import dev.modelwatch.extension.FeatureSpec;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The input features of an ONNX Runtime session, read from the session by reflection: every column
 * of each {@code [N, k]} input (rank-2, numeric), named {@code INPUT[i]}, or {@code INPUT} for a
 * one-column input; when the model's custom metadata has {@code feature_names} (comma-separated,
 * one per column of the model's only such input), those names instead. Inputs of other ranks
 * (images, sequences) are left to {@code summarize_inputs}.
 */
public final class OnnxInputs {
  static final String FEATURE_NAMES = "feature_names";

  private OnnxInputs() {}

  public static List<FeatureSpec> features(Object session) {
    Map<?, ?> inputs = (Map<?, ?>) call(session, "getInputInfo");
    List<String> columnInputs = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    for (Map.Entry<?, ?> entry : inputs.entrySet()) {
      Object info = call(entry.getValue(), "getInfo");
      if (!hasMethod(info, "getShape")) {
        continue; // a map or sequence input
      }
      long[] shape = (long[]) call(info, "getShape");
      if (shape.length == 2 && shape[1] > 0) {
        columnInputs.add(String.valueOf(entry.getKey()));
        widths.add((int) shape[1]);
      }
    }
    List<String> names = metadataNames(session);
    List<FeatureSpec> features = new ArrayList<>();
    for (int k = 0; k < columnInputs.size(); k++) {
      String input = columnInputs.get(k);
      int width = widths.get(k);
      boolean named = names != null && columnInputs.size() == 1 && names.size() == width;
      for (int i = 0; i < width; i++) {
        String name = named ? names.get(i) : width == 1 ? input : input + "[" + i + "]";
        features.add(FeatureSpec.numeric(name, input, i, null));
      }
    }
    return features;
  }

  /** {@code feature_names} of the model's custom metadata, or null. */
  private static List<String> metadataNames(Object session) {
    try {
      Object metadata = call(session, "getMetadata");
      Map<?, ?> custom = (Map<?, ?>) call(metadata, "getCustomMetadata");
      Object text = custom.get(FEATURE_NAMES);
      if (text == null) {
        return null;
      }
      List<String> names = new ArrayList<>();
      for (String name :
          text.toString().replace("[", "").replace("]", "").replace("\"", "").split(",")) {
        if (!name.isBlank()) {
          names.add(name.trim());
        }
      }
      return names;
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static boolean hasMethod(Object target, String name) {
    try {
      target.getClass().getMethod(name);
      return true;
    } catch (NoSuchMethodException e) {
      return false;
    }
  }

  private static Object call(Object target, String name) {
    try {
      Method method = target.getClass().getMethod(name);
      return method.invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "cannot read " + name + "() of " + target.getClass().getName() + ": " + e.getCause(), e);
    }
  }
}
