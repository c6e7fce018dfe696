package dev.modelwatch.agent.metrics;

import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Snapshots a collector hands out unchanged at every scrape (the baseline gauges, built once per
 * baseline): the scrape handler keeps their text from one scrape to the next instead of writing
 * 30,000 lines again. Held weakly: a snapshot replaced (a model joined, a baseline reloaded) drops
 * out with its last use. Snapshots are compared by identity (client_java's do not override {@code
 * equals}).
 */
public final class ConstantFamilies {
  private static final Map<MetricSnapshot, Boolean> CONSTANT =
      Collections.synchronizedMap(new WeakHashMap<>());

  private ConstantFamilies() {}

  static <T extends MetricSnapshot> T constant(T snapshot) {
    if (snapshot != null) {
      CONSTANT.put(snapshot, Boolean.TRUE);
    }
    return snapshot;
  }

  /** True if {@code snapshot}, this very object, is one a collector hands out unchanged. */
  public static boolean isConstant(MetricSnapshot snapshot) {
    return CONSTANT.containsKey(snapshot);
  }
}
