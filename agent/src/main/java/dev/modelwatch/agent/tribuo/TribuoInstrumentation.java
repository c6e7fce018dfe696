package dev.modelwatch.agent.tribuo;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
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
 * {@code org.tribuo.Model.predict}: the abstract single-example form, implemented by every concrete
 * model class, and the batch forms over an {@code Iterable} or a {@code Dataset} (concrete in
 * {@code Model}; in Tribuo 4.3 they call the single form per row, which the recorded-call guard then
 * leaves out, so a batch is one call of N rows). Only class loaders that can see
 * {@code org.tribuo.Model} have their types' hierarchies examined.
 */
final class TribuoInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return new HasClassResource(TribuoTypes.MODEL);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return not(isInterface()).and(hasSuperType(named(TribuoTypes.MODEL)));
  }

  @Override
  public ElementMatcher<MethodDescription> methodMatcher() {
    return named("predict")
        .and(not(isAbstract()))
        .and(not(isBridge()))
        .and(not(isSynthetic()))
        .and(takesArguments(1))
        .and(
            takesArgument(0, named(TribuoTypes.EXAMPLE))
                .or(takesArgument(0, named("java.lang.Iterable")))
                .or(takesArgument(0, named(TribuoTypes.DATASET))));
  }

  @Override
  public int inputArgument() {
    return 0;
  }
}
