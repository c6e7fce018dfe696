package dev.modelwatch.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Which types and methods one instrumentation site transforms, and where its input argument is. */
public interface TypeInstrumentation {
  /** Cheap pre-filter: does this class loader see the library at all. */
  ElementMatcher<ClassLoader> classLoaderMatcher();

  ElementMatcher<TypeDescription> typeMatcher();

  ElementMatcher<MethodDescription> methodMatcher();

  /** Position of the argument handed to the recorder as the model input. */
  int inputArgument();
}
