package dev.modelwatch.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.modelwatch.agent.record.ModelLayout;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.bootstrap.CallState;
import dev.modelwatch.bootstrap.Dispatcher;
import dev.modelwatch.fixtures.TestModels.Doubling;
import dev.modelwatch.fixtures.TestModels.Failing;
import dev.modelwatch.fixtures.TestModels.NestedModel;
import dev.modelwatch.fixtures.TestModels.Scorer;
import dev.modelwatch.fixtures.TestModels.Tripling;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Advice installed in this JVM on test classes: depth guard, subtypes, errors, containment. */
class InProcessInstrumentationTest {
  static String config(String type, String method) {
    return "models:\n  - name: m\n    intercept: {class: '" + type + "', method: " + method + "}\n";
  }

  @Test
  void nestedAndOverloadedCallsCountOnce() throws Exception {
    try (InProcessAgent agent =
        InProcessAgent.install(config(NestedModel.class.getName(), "predict"))) {
      NestedModel model = new NestedModel();
      for (int i = 0; i < 7; i++) {
        assertEquals(2.5f, model.predict(new float[] {0.5f}));
      }
      ModelLayout.CallTotals totals = agent.totals(0);
      assertEquals(7, totals.finished);
      assertEquals(0, totals.inFlight());
    }
  }

  @Test
  void implementationsOfAnInterfaceAndOfAnAbstractSubtypeAreInstrumented() throws Exception {
    try (InProcessAgent agent = InProcessAgent.install(config(Scorer.class.getName(), "score"))) {
      assertEquals(4.0, new Doubling().score(new double[] {2}));
      assertEquals(6.0, new Tripling().score(new double[] {2}));
      assertEquals(2, agent.totals(0).finished);
      assertEquals(
          2,
          agent.recorder.site(0).instrumentedMethods().size(),
          agent.recorder.site(0).instrumentedMethods().toString());
    }
  }

  @Test
  void theMethodsExceptionPropagatesUnchangedAndIsCountedByClass() throws Exception {
    try (InProcessAgent agent =
        InProcessAgent.install(config(Failing.class.getName(), "classify"))) {
      IllegalStateException thrown =
          assertThrows(IllegalStateException.class, () -> new Failing().classify(new float[1]));
      assertEquals("model not loaded", thrown.getMessage());
      assertEquals(1, agent.totals(0).finished);
      long[] sum = agent.recorder.cells().sum(0);
      assertEquals(
          java.util.Map.of(IllegalStateException.class.getName(), 1L),
          agent.recorder.models().get(0).errors().counts(sum));
    }
  }

  @Test
  void aDispatcherThatThrowsNeverReachesTheApplication() throws Exception {
    AtomicInteger contained = new AtomicInteger();
    Dispatcher throwing =
        new Dispatcher() {
          @Override
          public void enter(int site, Object self, Object argument, CallState state) {
            state.call = this; // make exit run too
            throw new IllegalStateException("enter fails");
          }

          @Override
          public void exit(
              int site,
              Object argument,
              Object result,
              double value,
              Throwable thrown,
              CallState state) {
            throw new IllegalStateException("exit fails");
          }

          @Override
          public void agentError(String stage, Throwable error) {
            contained.incrementAndGet();
          }
        };
    try (InProcessAgent agent =
        InProcessAgent.installWith(config(NestedModel.class.getName(), "predict"), throwing)) {
      assertEquals(2.5f, new NestedModel().predict(new float[] {0.5f}));
      IllegalStateException fromModel =
          assertThrows(IllegalStateException.class, () -> new Failing().classify(new float[1]));
      assertEquals("model not loaded", fromModel.getMessage());
      // predict(x) -> predict(x, 2) -> (x, 1) -> (x, 0): a call that failed to start is not
      // recorded,
      // so it shadows none of the calls inside it; each enter fails once, and no exit runs
      assertEquals(
          4, contained.get(), "enter failed once per call; exit is skipped when enter set no call");
    }
  }

  @Test
  void throwingAdviceItselfIsSuppressed() throws Exception {
    // a dispatcher whose error reporting throws too: the advice's suppress handler is the last line
    Dispatcher hostile =
        new Dispatcher() {
          @Override
          public void enter(int site, Object self, Object argument, CallState state) {
            throw new OutOfMemoryError("simulated");
          }

          @Override
          public void exit(
              int site,
              Object argument,
              Object result,
              double value,
              Throwable thrown,
              CallState state) {}

          @Override
          public void agentError(String stage, Throwable error) {
            throw new IllegalStateException("reporting fails too");
          }
        };
    try (InProcessAgent agent =
        InProcessAgent.installWith(config(Doubling.class.getName(), "score"), hostile)) {
      Doubling model = new Doubling();
      for (int i = 0; i < 3; i++) {
        assertEquals(4.0, model.score(new double[] {2}));
      }
    }
    // after the agent is gone, a fresh agent still counts: no guard was left raised on this thread
    try (InProcessAgent agent = InProcessAgent.install(config(Doubling.class.getName(), "score"))) {
      assertEquals(4.0, new Doubling().score(new double[] {2}));
      assertEquals(1, agent.totals(0).finished);
    }
  }

  @Test
  void aPrimitiveReturnIsRecordedAsAnOutput() throws Exception {
    String yaml =
        config(Doubling.class.getName(), "score")
            + "    features: [{name: x, index: 0, buckets: [1, 2, 3]}]\n"
            + "    outputs: [{name: y, kind: regression, buckets: [2, 4, 6]}]\n";
    try (InProcessAgent agent = InProcessAgent.install(yaml)) {
      Doubling model = new Doubling();
      model.score(new double[] {0.5});
      model.score(new double[] {2.5});
      model.score(new double[] {2.5});
      long[] sum = agent.recorder.cells().sum(0);
      ModelMonitor monitor = agent.recorder.models().get(0);
      assertArrayEquals(
          new long[] {1, 0, 2, 0}, monitor.features().get(0).values().bucketCounts(sum));
      assertArrayEquals(
          new long[] {1, 0, 2, 0}, monitor.outputs().get(0).values().bucketCounts(sum));
      assertEquals(11.0, monitor.outputs().get(0).values().sum(sum));
      assertSame(null, monitor.features().get(0).categories());
    }
  }

  private static void assertArrayEquals(long[] expected, long[] actual) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual);
  }
}
