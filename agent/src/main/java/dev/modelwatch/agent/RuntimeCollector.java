package dev.modelwatch.agent;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The model, drift and feedback metrics of the config generation in force: registered once, it asks
 * the current {@link AgentRuntime} at every scrape, so a config reload never re-registers.
 */
final class RuntimeCollector implements MultiCollector {
  private final Supplier<AgentRuntime> current;
  private final List<String> names;

  RuntimeCollector(Supplier<AgentRuntime> current) {
    this.current = current;
    List<String> all = new ArrayList<>();
    for (MultiCollector collector : current.get().collectors()) {
      all.addAll(collector.getPrometheusNames());
    }
    this.names = List.copyOf(all);
  }

  @Override
  public MetricSnapshots collect() {
    List<MetricSnapshot> snapshots = new ArrayList<>();
    for (MultiCollector collector : current.get().collectors()) {
      for (MetricSnapshot snapshot : collector.collect()) {
        snapshots.add(snapshot);
      }
    }
    return new MetricSnapshots(snapshots);
  }

  @Override
  public List<String> getPrometheusNames() {
    return names;
  }
}
