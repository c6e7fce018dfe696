package dev.modelwatch.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.extension.MethodHook;
import dev.modelwatch.fixtures.Hierarchies;
import dev.modelwatch.fixtures.Hierarchies.ConcreteRanker;
import dev.modelwatch.fixtures.Hierarchies.DeepScorer;
import dev.modelwatch.fixtures.Hierarchies.MiddleScorer;
import dev.modelwatch.fixtures.Hierarchies.Ranker;
import dev.modelwatch.fixtures.Hierarchies.RankerBase;
import dev.modelwatch.fixtures.Hierarchies.Scorer;
import dev.modelwatch.fixtures.Hierarchies.SubRanker;
import dev.modelwatch.fixtures.Hierarchies.Unrelated;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pre-filter lets through every class a matcher could match, and keeps the others away from
 * Byte Buddy.
 */
class LoadFilterTest {
  private static final ClassLoader LOADER = LoadFilterTest.class.getClassLoader();

  private static String internal(Class<?> type) {
    return type.getName().replace('.', '/');
  }

  private static boolean mayMatch(LoadFilter filter, Class<?> type) {
    return filter.mayMatch(LOADER, internal(type), LoadFilter.classFile(LOADER, internal(type)));
  }

  @Test
  void headerGivesSuperClassAndInterfaces() {
    ClassHeader header =
        ClassHeader.read(LoadFilter.classFile(LOADER, internal(MiddleScorer.class)));
    assertEquals(internal(Scorer.class), header.superName);
    assertArrayEquals(new String[] {"java/lang/Runnable"}, header.interfaces);
    assertFalse(header.isInterface());
    assertTrue(
        ClassHeader.read(LoadFilter.classFile(LOADER, internal(SubRanker.class))).isInterface());
    assertNull(ClassHeader.read(new byte[] {1, 2, 3}));
    assertNull(ClassHeader.read(LoadFilter.classFile(LOADER, "no/such/Type")));
  }

  @Test
  void subtypesOfAClassPassAtAnyDepthOthersDoNot() {
    LoadFilter filter =
        LoadFilter.of(List.of(new MethodInstrumentation(Scorer.class.getName(), "score", null, 0)));
    assertTrue(mayMatch(filter, Scorer.class));
    assertTrue(mayMatch(filter, MiddleScorer.class));
    assertTrue(mayMatch(filter, DeepScorer.class));
    assertTrue(mayMatch(filter, DeepScorer.class), "remembered");
    assertFalse(mayMatch(filter, Unrelated.class));
    assertFalse(mayMatch(filter, ConcreteRanker.class));
    assertFalse(mayMatch(filter, Hierarchies.class));
  }

  @Test
  void implementationsOfAnInterfacePassThroughSuperClassesAndSuperInterfaces() {
    LoadFilter filter =
        LoadFilter.of(List.of(new MethodInstrumentation(Ranker.class.getName(), "rank", null, 0)));
    assertTrue(mayMatch(filter, SubRanker.class));
    assertTrue(mayMatch(filter, RankerBase.class));
    assertTrue(mayMatch(filter, ConcreteRanker.class));
    assertFalse(mayMatch(filter, DeepScorer.class));
    assertFalse(mayMatch(filter, Unrelated.class));
  }

  @Test
  void aTypeMatchedByNameOnlyPassesAloneAndItsSubtypesDoNot() {
    MethodHook hook = MethodHook.predict(Scorer.class.getName()).method("score").build();
    LoadFilter filter =
        LoadFilter.of(
            List.of(LibraryInstrumentation.of(List.of(hook), List.of(Scorer.class.getName()))));
    assertTrue(mayMatch(filter, Scorer.class));
    assertFalse(mayMatch(filter, DeepScorer.class));
  }

  @Test
  void loadersThatDoNotSeeTheLibraryAndTheBootstrapLoaderAreLeftOut() {
    MethodHook hook =
        MethodHook.predict(Scorer.class.getName()).inSubtypes().method("score").build();
    LoadFilter filter =
        LoadFilter.of(
            List.of(
                LibraryInstrumentation.of(List.of(hook), List.of("org.example.absent.Library"))));
    assertFalse(mayMatch(filter, DeepScorer.class));
    assertFalse(filter.mayMatch(null, internal(DeepScorer.class), new byte[0]));
  }

  @Test
  void frameworkPackagesAndTheJdkAreLeftOutUnlessAConfiguredTypeIsInThem() {
    LoadFilter filter =
        LoadFilter.of(List.of(new MethodInstrumentation(Scorer.class.getName(), "score", null, 0)));
    assertFalse(filter.mayMatch(LOADER, "org/springframework/boot/Anything", new byte[0]));
    assertFalse(filter.mayMatch(LOADER, "java/util/Anything", new byte[0]));
    // a library whose hooked type is in a framework package: that package stays examined
    MethodHook hook =
        MethodHook.predict("org.springframework.ai.chat.model.ChatModel")
            .inSubtypes()
            .method("call")
            .build();
    LoadFilter springTarget =
        LoadFilter.of(
            List.of(LibraryInstrumentation.of(List.of(hook), List.of(Scorer.class.getName()))));
    assertTrue(
        springTarget.mayMatch(LOADER, "org/springframework/boot/Anything", new byte[0]),
        "examined, unreadable");
    assertTrue(
        springTarget.mayMatch(LOADER, "org/springframework/ai/chat/model/ChatModel", new byte[0]));
  }

  @Test
  void whatCannotBeReadGoesToByteBuddy() {
    LoadFilter filter =
        LoadFilter.of(List.of(new MethodInstrumentation(Scorer.class.getName(), "score", null, 0)));
    assertTrue(filter.mayMatch(LOADER, "com/acme/Generated", new byte[] {0, 1, 2}));
    assertTrue(filter.mayMatch(LOADER, null, new byte[0]));
  }
}
