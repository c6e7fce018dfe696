package dev.modelwatch.benchmarks.models;

/**
 * Thirty models of {@value #FEATURES} features each, one method per model, so a config can
 * intercept each as its own model ({@code class: ...WideModels, method: model07}). Used to measure
 * scrapes and memory at the size of a busy multi-model server.
 */
public final class WideModels {
  public static final int MODELS = 30;
  public static final int FEATURES = 50;

  /** Calls model {@code index}. */
  public float call(int index, float[] x) {
    switch (index) {
      case 0:
        return model00(x);
      case 1:
        return model01(x);
      case 2:
        return model02(x);
      case 3:
        return model03(x);
      case 4:
        return model04(x);
      case 5:
        return model05(x);
      case 6:
        return model06(x);
      case 7:
        return model07(x);
      case 8:
        return model08(x);
      case 9:
        return model09(x);
      case 10:
        return model10(x);
      case 11:
        return model11(x);
      case 12:
        return model12(x);
      case 13:
        return model13(x);
      case 14:
        return model14(x);
      case 15:
        return model15(x);
      case 16:
        return model16(x);
      case 17:
        return model17(x);
      case 18:
        return model18(x);
      case 19:
        return model19(x);
      case 20:
        return model20(x);
      case 21:
        return model21(x);
      case 22:
        return model22(x);
      case 23:
        return model23(x);
      case 24:
        return model24(x);
      case 25:
        return model25(x);
      case 26:
        return model26(x);
      case 27:
        return model27(x);
      case 28:
        return model28(x);
      case 29:
        return model29(x);
      default:
        throw new IllegalArgumentException("no model " + index);
    }
  }

  public float model00(float[] x) {
    return score(x, 0);
  }

  public float model01(float[] x) {
    return score(x, 1);
  }

  public float model02(float[] x) {
    return score(x, 2);
  }

  public float model03(float[] x) {
    return score(x, 3);
  }

  public float model04(float[] x) {
    return score(x, 4);
  }

  public float model05(float[] x) {
    return score(x, 5);
  }

  public float model06(float[] x) {
    return score(x, 6);
  }

  public float model07(float[] x) {
    return score(x, 7);
  }

  public float model08(float[] x) {
    return score(x, 8);
  }

  public float model09(float[] x) {
    return score(x, 9);
  }

  public float model10(float[] x) {
    return score(x, 10);
  }

  public float model11(float[] x) {
    return score(x, 11);
  }

  public float model12(float[] x) {
    return score(x, 12);
  }

  public float model13(float[] x) {
    return score(x, 13);
  }

  public float model14(float[] x) {
    return score(x, 14);
  }

  public float model15(float[] x) {
    return score(x, 15);
  }

  public float model16(float[] x) {
    return score(x, 16);
  }

  public float model17(float[] x) {
    return score(x, 17);
  }

  public float model18(float[] x) {
    return score(x, 18);
  }

  public float model19(float[] x) {
    return score(x, 19);
  }

  public float model20(float[] x) {
    return score(x, 20);
  }

  public float model21(float[] x) {
    return score(x, 21);
  }

  public float model22(float[] x) {
    return score(x, 22);
  }

  public float model23(float[] x) {
    return score(x, 23);
  }

  public float model24(float[] x) {
    return score(x, 24);
  }

  public float model25(float[] x) {
    return score(x, 25);
  }

  public float model26(float[] x) {
    return score(x, 26);
  }

  public float model27(float[] x) {
    return score(x, 27);
  }

  public float model28(float[] x) {
    return score(x, 28);
  }

  public float model29(float[] x) {
    return score(x, 29);
  }

  private static float score(float[] x, int model) {
    float sum = model;
    for (int i = 0; i < FEATURES; i++) {
      sum += x[i] * (i % 3 - 1);
    }
    return sum;
  }
}
