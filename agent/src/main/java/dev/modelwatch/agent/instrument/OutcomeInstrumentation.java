package dev.modelwatch.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The application's outcome method of {@code feedback.method}: matched like a plain-method
 * intercept, instrumented with {@link OutcomeAdvice} instead of the prediction advice.
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
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return method.classLoaderMatcher();
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return method.typeMatcher();
  }

  @Override
  public TypeTarget target() {
    return method.target();
  }

  @Override
  public ElementMatcher<MethodDescription> methodMatcher() {
    return method.methodMatcher();
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
