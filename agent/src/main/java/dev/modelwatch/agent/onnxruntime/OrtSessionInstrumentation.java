package dev.modelwatch.agent.onnxruntime;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.modelwatch.agent.instrument.HasClassResource;
import dev.modelwatch.agent.instrument.TypeInstrumentation;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code OrtSession.run(Map, Set, Map, RunOptions)}: every public {@code run} overload of ONNX
 * Runtime 1.x funnels into it, so instrumenting it alone counts each inference once. The
 * constructor taking a model path is reported too, so calls can be attributed by that path.
 */
final class OrtSessionInstrumentation implements TypeInstrumentation {
  static final String SESSION = "ai.onnxruntime.OrtSession";

  @Override
  public ElementMatcher<ClassLoader> classLoaderMatcher() {
    return new HasClassResource(SESSION);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(SESSION);
  }

  @Override
  public ElementMatcher<MethodDescription> methodMatcher() {
    return named("run")
        .and(takesArguments(4))
        .and(takesArgument(0, named("java.util.Map")))
        .and(takesArgument(3, named(SESSION + "$RunOptions")));
  }

  @Override
  public int inputArgument() {
    return 0;
  }

  /** {@code OrtSession(OrtEnvironment, String modelPath, OrtAllocator, SessionOptions)}. */
  @Override
  public ElementMatcher<MethodDescription> creationMatcher() {
    return takesArguments(4).and(takesArgument(1, named("java.lang.String")));
  }

  @Override
  public int creationArgument() {
    return 1;
  }
}
