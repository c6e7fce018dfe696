package dev.modelwatch.agent.instrument;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;

/** Which types and methods one instrumentation site transforms, and where its input argument is. */
public interface TypeInstrumentation {
  /** Cheap pre-filter: does this class loader see the library at all. */
  ElementMatcher<ClassLoader> classLoaderMatcher();

  ElementMatcher<TypeDescription> typeMatcher();

  /**
   * What {@link #typeMatcher()} can match, by name, for the pre-filter that keeps every other class
   * away from Byte Buddy ({@link LoadFilter}); null (the default) lets every class of a loader that
   * {@link #classLoaderMatcher()} accepts through to Byte Buddy's matchers.
   */
  default TypeTarget target() {
    return null;
  }

  ElementMatcher<MethodDescription> methodMatcher();

  /** Position of the argument handed to the recorder as the model input. */
  int inputArgument();

  /**
   * Constructors whose completion is reported to the site ({@link
   * dev.modelwatch.agent.record.Site#created}), e.g. to remember the model path of a session; none
   * by default.
   */
  default ElementMatcher<MethodDescription> creationMatcher() {
    return ElementMatchers.none();
  }

  /** Position of the constructor argument reported as what the object was created from. */
  default int creationArgument() {
    return 0;
  }

  /**
   * Methods whose returned object is reported to the site with the argument at {@link
   * #creationArgument()} (a factory that loads a model from a path); none by default.
   */
  default ElementMatcher<MethodDescription> returnedMatcher() {
    return ElementMatchers.none();
  }

  /**
   * A library's internal methods (training, evaluation), inside which its predict calls are not
   * recorded; none by default.
   */
  default ElementMatcher<MethodDescription> internalMatcher() {
    return ElementMatchers.none();
  }

  /** Which of its site's hooks this is, reported with each creation or returned object. */
  default int hookIndex() {
    return 0;
  }
}
