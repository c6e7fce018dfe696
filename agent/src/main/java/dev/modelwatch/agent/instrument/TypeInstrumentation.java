package dev.modelwatch.agent.instrument;

import java.util.List;
import java.util.function.Predicate;

/** Which types and methods one instrumentation site transforms, and where its input argument is. */
public interface TypeInstrumentation {
  /** The instrumentations this one is made of, each matched on its own: itself by default. */
  default List<TypeInstrumentation> parts() {
    return List.of(this);
  }

  /** Cheap pre-filter: does this class loader see the library at all. */
  Predicate<ClassLoader> loaderCheck();

  /** The type matched, by name: that type only, or also every type that has it as a super type. */
  TypeTarget target();

  /** Whether interfaces among the target's subtypes are left out (their methods are defaults). */
  default boolean classesOnly() {
    return false;
  }

  /** The predict methods of a matched type. */
  MethodMatch methods();

  /** Position of the argument handed to the recorder as the model input. */
  int inputArgument();

  /**
   * Constructors whose completion is reported to the site ({@link
   * dev.modelwatch.agent.record.Site#created}), e.g. to remember the model path of a session; none
   * by default.
   */
  default MethodMatch creations() {
    return MethodMatch.NONE;
  }

  /** Position of the constructor argument reported as what the object was created from. */
  default int creationArgument() {
    return 0;
  }

  /**
   * Methods whose returned object is reported to the site with the argument at {@link
   * #creationArgument()} (a factory that loads a model from a path); none by default.
   */
  default MethodMatch returned() {
    return MethodMatch.NONE;
  }

  /**
   * A library's internal methods (training, evaluation), inside which its predict calls are not
   * recorded; none by default.
   */
  default MethodMatch internal() {
    return MethodMatch.NONE;
  }

  /** Which of its site's hooks this is, reported with each creation or returned object. */
  default int hookIndex() {
    return 0;
  }
}
