package dev.modelwatch.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.bootstrap.CallState;
import dev.modelwatch.bootstrap.Dispatcher;
import dev.modelwatch.bootstrap.ModelWatchBridge;
import dev.modelwatch.extension.MethodHook;
import dev.modelwatch.fixtures.MiniLibrary.Learner;
import dev.modelwatch.fixtures.MiniLibrary.Matrix;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A library support's hooks installed into this JVM: predict hooks whose input is every argument, a
 * constructor hook that reports every argument, and internal hooks inside which predict calls are
 * not recorded.
 */
class LibraryHooksInProcessTest {
  private static final Instrumentation INSTRUMENTATION = ByteBuddyAgent.install();

  private final List<String> seen = new ArrayList<>();
  private SiteTransformer transformer;

  @BeforeEach
  void install() {
    List<MethodHook> hooks =
        List.of(
            MethodHook.predict(Learner.class.getName()).method("score").allArguments().build(),
            MethodHook.predict(Learner.class.getName()).method("predict").input(0).build(),
            MethodHook.internal(Learner.class.getName()).method("train").build(),
            MethodHook.internal(Learner.class.getName()).method("failingTrain").build(),
            MethodHook.created(Matrix.class.getName())
                .parameter(0, "float[]")
                .allArguments()
                .build());
    Site site = new Site(0, "test", null);
    ModelWatchBridge.install(
        new Dispatcher() {
          @Override
          public void enter(int site, Object self, Object argument, CallState state) {
            seen.add("enter " + (argument == null ? "null" : argument.getClass().getSimpleName()));
            state.call = this;
          }

          @Override
          public void exit(
              int site,
              Object argument,
              Object result,
              double value,
              Throwable thrown,
              CallState state) {
            seen.add("exit " + describe(argument));
          }

          @Override
          public void created(int site, int hook, Object instance, Object source) {
            seen.add(
                "created "
                    + hook
                    + " "
                    + instance.getClass().getSimpleName()
                    + " "
                    + describe(source));
          }

          @Override
          public void agentError(String stage, Throwable error) {
            seen.add("error " + stage + " " + error);
          }
        });
    transformer =
        InstrumentationInstaller.install(
            INSTRUMENTATION,
            List.of(site),
            List.of(LibraryInstrumentation.of(hooks, List.of(Learner.class.getName()))),
            new AgentErrors(),
            true);
  }

  @AfterEach
  void reset() {
    ModelWatchBridge.install(null);
    transformer.reset(INSTRUMENTATION);
  }

  private static String describe(Object value) {
    if (value instanceof Object[]) {
      List<String> parts = new ArrayList<>();
      for (Object part : (Object[]) value) {
        parts.add(
            part instanceof float[]
                ? "float[" + ((float[]) part).length + "]"
                : part instanceof Number ? part.toString() : part.getClass().getSimpleName());
      }
      return parts.toString();
    }
    return value == null ? "null" : value.getClass().getSimpleName();
  }

  @Test
  void allArgumentsReachTheSupportAsOneArrayMadeOnlyAtTheEnd() {
    Matrix matrix = new Matrix(new float[] {1, 2}, 1, -1f);
    float[] scored = new Learner().score(matrix, 2);
    assertSame(matrix.values, scored);
    // the constructor hook is the fifth (index 4); the predict's enter gets no array, its exit
    // every argument
    assertEquals(
        List.of("created 4 Matrix [float[2], 1, -1.0]", "enter null", "exit [Matrix, 2]"), seen);
  }

  @Test
  void predictCallsInsideAnInternalMethodAreNotRecordedAndTheGuardIsLoweredAfter() {
    Matrix matrix = new Matrix(new float[] {3}, 1, Float.NaN);
    Learner learner = new Learner();
    seen.clear();
    assertEquals(3, learner.train(matrix, 3));
    assertEquals(List.of(), seen, "nothing recorded inside train");
    assertEquals(3f, learner.predict(matrix));
    assertEquals(List.of("enter Matrix", "exit Matrix"), seen);

    seen.clear();
    assertThrows(IllegalStateException.class, () -> learner.failingTrain(matrix));
    assertEquals(List.of(), seen);
    learner.predict(matrix);
    assertEquals(
        List.of("enter Matrix", "exit Matrix"),
        seen,
        "the guard is lowered when the internal method throws");
  }

  @Test
  void anInternalMethodInsideARecordedCallChangesNothing() {
    CallState state = ModelWatchBridge.enter(0, null, null);
    try {
      assertSame(CallState.class, state.getClass());
      assertNull(ModelWatchBridge.enterInternal(), "the recorded call's guard is up");
    } finally {
      ModelWatchBridge.exit(0, state, null, null, null);
    }
    CallState internal = ModelWatchBridge.enterInternal();
    assertNull(
        ModelWatchBridge.enter(0, null, null),
        "no predict call is recorded inside an internal one");
    ModelWatchBridge.exitInternal(internal);
    assertArrayEquals(new String[] {"enter null", "exit null"}, seen.toArray(new String[0]));
  }
}
