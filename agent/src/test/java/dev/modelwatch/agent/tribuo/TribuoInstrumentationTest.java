package dev.modelwatch.agent.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.instrument.CompositeInstrumentation;
import dev.modelwatch.agent.instrument.LibraryInstrumentation;
import dev.modelwatch.agent.instrument.TypeInstrumentation;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import org.junit.jupiter.api.Test;

/** Which Tribuo 4.3.2 types and methods the preset instruments, checked on the real classes. */
class TribuoInstrumentationTest {
  /** The Tribuo support's one hook, as the installer matches it. */
  final TypeInstrumentation plan =
      ((CompositeInstrumentation)
              LibraryInstrumentation.of(
                  new TribuoSupport().hooks(), new TribuoSupport().libraryClasses()))
          .parts()
          .get(0);

  TreeSet<String> instrumented(Class<?> type) {
    return TypeDescription.ForLoadedType.of(type).getDeclaredMethods().stream()
        .filter(plan.methodMatcher()::matches)
        .map(MethodDescription::toGenericString)
        .map(s -> s.replaceAll("<[^()]*>", ""))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theSingleFormOnConcreteModelsAndTheBatchFormsOnModel() {
    assertEquals(
        List.of(
            "public java.util.List org.tribuo.Model.predict(java.lang.Iterable)",
            "public java.util.List org.tribuo.Model.predict(org.tribuo.Dataset)"),
        List.copyOf(instrumented(org.tribuo.Model.class)));
    assertEquals(
        List.of(
            "public org.tribuo.Prediction org.tribuo.regression.sgd.linear.LinearSGDModel.predict(org.tribuo.Example)"),
        List.copyOf(instrumented(org.tribuo.regression.sgd.linear.LinearSGDModel.class)));
    assertTrue(
        plan.typeMatcher()
            .matches(
                TypeDescription.ForLoadedType.of(
                    org.tribuo.classification.sgd.linear.LinearSGDModel.class)));
    assertTrue(
        plan.typeMatcher().matches(TypeDescription.ForLoadedType.of(org.tribuo.Model.class)));
    assertFalse(
        plan.typeMatcher()
            .matches(TypeDescription.ForLoadedType.of(org.tribuo.impl.ArrayExample.class)));
    assertFalse(
        plan.typeMatcher().matches(TypeDescription.ForLoadedType.of(org.tribuo.Trainer.class)));
  }

  @Test
  void onlyClassLoadersThatSeeTribuoAreExamined() {
    assertTrue(plan.classLoaderMatcher().matches(org.tribuo.Model.class.getClassLoader()));
    assertFalse(plan.classLoaderMatcher().matches(new ClassLoader(null) {}));
    assertFalse(plan.classLoaderMatcher().matches(null));
  }
}
