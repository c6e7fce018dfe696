package dev.modelwatch.agent.tribuo;

/**
 * Recognises Tribuo classes by name: Tribuo may live in any class loader, so the agent never links
 * against it and never loads it by name.
 */
final class TribuoTypes {
  static final String MODEL = "org.tribuo.Model";
  static final String EXAMPLE = "org.tribuo.Example";
  static final String DATASET = "org.tribuo.Dataset";
  static final String PREDICTION = "org.tribuo.Prediction";
  static final String ARRAY_EXAMPLE = "org.tribuo.impl.ArrayExample";
  static final String LABEL = "org.tribuo.classification.Label";
  static final String REGRESSOR = "org.tribuo.regression.Regressor";

  private TribuoTypes() {}

  /** The class or superclass of {@code type} named {@code name}, or null. */
  static Class<?> superclassNamed(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(name)) {
        return c;
      }
    }
    return null;
  }

  static boolean isA(Class<?> type, String name) {
    return superclassNamed(type, name) != null;
  }
}
