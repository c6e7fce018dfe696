package dev.modelwatch.agent.djl;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.modelwatch.agent.instrument.HasClassResource;
import dev.modelwatch.agent.instrument.TypeInstrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code Predictor.batchPredict(List)} of DJL (and overrides in subclasses): {@code predict}
 * delegates to it with a one-element list, so a call counts once with its list size as rows.
 */
final class PredictorInstrumentation implements TypeInstrumentation {
  static final String PREDICTOR = "ai.djl.inference.Predictor";

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return new HasClassResource(PREDICTOR);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return hasSuperType(named(PREDICTOR));
  }

  @Override
  public ElementMatcher<MethodDescription> methodMatcher() {
    return named("batchPredict")
        .and(takesArguments(1))
        .and(takesArgument(0, named("java.util.List")))
        .and(not(isAbstract()));
  }

  @Override
  public int inputArgument() {
    return 0;
  }
}
