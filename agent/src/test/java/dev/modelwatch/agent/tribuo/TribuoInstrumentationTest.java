package dev.modelwatch.agent.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.instrument.LibraryInstrumentation;
import dev.modelwatch.agent.instrument.SiteTransformer;
import dev.modelwatch.agent.instrument.TypeInstrumentation;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.Site;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Which Tribuo 4.3.2 types and methods the preset instruments, checked by the agent's transformer
 * on the real class files.
 */
class TribuoInstrumentationTest {
  final TypeInstrumentation plan =
      LibraryInstrumentation.of(new TribuoSupport().hooks(), new TribuoSupport().libraryClasses());

  /** The methods the transformer instruments in this class; null when it leaves the class alone. */
  TreeSet<String> instrumented(Class<?> type) throws IOException {
    Site site = new Site(0, "tribuo", null);
    AgentErrors errors = new AgentErrors();
    SiteTransformer transformer = new SiteTransformer(List.of(site), List.of(plan), errors);
    String name = type.getName().replace('.', '/');
    byte[] classFile;
    try (InputStream in = type.getClassLoader().getResourceAsStream(name + ".class")) {
      classFile = in.readAllBytes();
    }
    byte[] woven = transformer.transform(type.getClassLoader(), name, null, null, classFile);
    assertEquals(0, errors.total(ErrorStage.TRANSFORM), "transform errors");
    if (woven == null) {
      assertTrue(site.instrumentedMethods().isEmpty());
      return null;
    }
    TreeSet<String> methods = new TreeSet<>();
    for (String method : site.instrumentedMethods()) {
      methods.add(method.substring(method.indexOf('#') + 1));
    }
    return methods;
  }

  @Test
  void theSingleFormOnConcreteModelsAndTheBatchFormsOnModel() throws IOException {
    assertEquals(
        List.of(
            "public java.util.List org.tribuo.Model.predict(java.lang.Iterable)",
            "public java.util.List org.tribuo.Model.predict(org.tribuo.Dataset)"),
        List.copyOf(instrumented(org.tribuo.Model.class)));
    assertEquals(
        List.of(
            "public org.tribuo.Prediction"
                + " org.tribuo.regression.sgd.linear.LinearSGDModel.predict(org.tribuo.Example)"),
        List.copyOf(instrumented(org.tribuo.regression.sgd.linear.LinearSGDModel.class)));
    assertNotNull(instrumented(org.tribuo.classification.sgd.linear.LinearSGDModel.class));
    assertNull(instrumented(org.tribuo.impl.ArrayExample.class));
    assertNull(instrumented(org.tribuo.Trainer.class));
  }

  @Test
  void onlyClassLoadersThatSeeTribuoAreExamined() {
    TypeInstrumentation hook = plan.parts().get(0);
    assertTrue(hook.loaderCheck().test(org.tribuo.Model.class.getClassLoader()));
    assertFalse(hook.loaderCheck().test(new ClassLoader(null) {}));
    assertFalse(hook.loaderCheck().test(null));
  }
}
