package dev.modelwatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> KEYS = List.of("port", "host", "jvm_metrics");

  @Test
  void distanceCountsAnAdjacentSwapAsOneEdit() {
    assertEquals(1, Suggestions.distance("prot", "port"));
    assertEquals(1, Suggestions.distance("hst", "host"));
    assertEquals(3, Suggestions.distance("kitten", "sitting"));
  }

  @Test
  void closestWithinReach() {
    assertEquals("port", Suggestions.closest("prot", KEYS));
    assertEquals("jvm_metrics", Suggestions.closest("JVM-Metrics", KEYS));
    assertEquals("jvm_metrics", Suggestions.closest("jvm_metric", KEYS));
  }

  @Test
  void nothingWhenEverythingIsFar() {
    assertNull(Suggestions.closest("colour", KEYS));
    assertEquals("", Suggestions.didYouMean("colour", KEYS));
  }
}
