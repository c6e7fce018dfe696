package dev.modelwatch.agent.djl;

import dev.modelwatch.extension.ExtractionException;

/**
 * DJL's {@code NDList} and {@code NDArray}, recognised and read through their own classes. Arrays
 * live in native memory, so reading one copies it out ({@code toFloatArray}); this happens only on
 * sampled calls.
 */
final class NdArrays {
  private static final ClassValue<Boolean> IS_ARRAY = hasType("ai.djl.ndarray.NDArray");
  private static final ClassValue<Boolean> IS_LIST = hasType("ai.djl.ndarray.NDList");
  private static final NoArgCall GET_SHAPE = new NoArgCall("getShape");
  private static final NoArgCall SHAPE_DIMENSIONS = new NoArgCall("getShape");
  private static final NoArgCall TO_FLOATS = new NoArgCall("toFloatArray");
  private static final NoArgCall GET_NAME = new NoArgCall("getName");
  private static final NoArgCall IS_RELEASED = new NoArgCall("isReleased");

  private NdArrays() {}

  static boolean isArray(Object value) {
    return value != null && IS_ARRAY.get(value.getClass());
  }

  static boolean isList(Object value) {
    return value != null && IS_LIST.get(value.getClass());
  }

  /** The dimensions of an NDArray ({@code getShape().getShape()}). */
  static long[] shape(Object array) throws ExtractionException {
    return (long[]) SHAPE_DIMENSIONS.call(GET_SHAPE.call(array));
  }

  static float[] floats(Object array) throws ExtractionException {
    if (Boolean.TRUE.equals(IS_RELEASED.call(array))) {
      throw new ExtractionException("the NDArray was already released (closed)");
    }
    return (float[]) TO_FLOATS.call(array);
  }

  static String name(Object array) throws ExtractionException {
    Object name = GET_NAME.call(array);
    return name == null ? null : name.toString();
  }

  private static ClassValue<Boolean> hasType(String name) {
    return new ClassValue<Boolean>() {
      @Override
      protected Boolean computeValue(Class<?> type) {
        return implementsType(type, name);
      }
    };
  }

  private static boolean implementsType(Class<?> type, String name) {
    if (type == null) {
      return false;
    }
    if (type.getName().equals(name)) {
      return true;
    }
    for (Class<?> i : type.getInterfaces()) {
      if (implementsType(i, name)) {
        return true;
      }
    }
    return implementsType(type.getSuperclass(), name);
  }
}
