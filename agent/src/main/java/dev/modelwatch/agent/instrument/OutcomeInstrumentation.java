package dev.modelwatch.agent.instrument;

import java.util.function.Predicate;

/**
 * The application's outcome method of {@code feedback.method}: matched like a plain-method
 * intercept, instrumented with the outcome advice instead of the prediction advice.
 */
public final class OutcomeInstrumentation implements TypeInstrumentation {
  private final MethodInstrumentation method;
  private final int idArgument;
  private final int labelArgument;

  public OutcomeInstrumentation(
      String className, String methodName, int idArgument, int labelArgument) {
    this.method = new MethodInstrumentation(className, methodName, null, idArgument);
    this.idArgument = idArgument;
    this.labelArgument = labelArgument;
  }

  @Override
  public Predicate<ClassLoader> loaderCheck() {
    return method.loaderCheck();
  }

  @Override
  public TypeTarget target() {
    return method.target();
  }

  @Override
  public MethodMatch methods() {
    return method.methods();
  }

  @Override
  public int inputArgument() {
    return idArgument;
  }

  int idArgument() {
    return idArgument;
  }

  int labelArgument() {
    return labelArgument;
  }
}
