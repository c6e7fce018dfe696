package dev.modelwatch.agent.metrics;

import static dev.modelwatch.agent.metrics.MetricsContract.*;

import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.Site;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot.InfoDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The agent's own metrics: version, instrumented methods, contained errors by stage, config reloads
 * and checks.
 */
public final class AgentMetricsCollector implements MultiCollector {
  private final String version;
  private final Supplier<List<Site>> sites;
  private final AgentErrors errors;
  private final ConfigReloadCounts reloads;

  /**
   * @param sites the sites of the config in force, read at every scrape
   */
  public AgentMetricsCollector(
      String version, Supplier<List<Site>> sites, AgentErrors errors, ConfigReloadCounts reloads) {
    this.version = version;
    this.sites = sites;
    this.errors = errors;
    this.reloads = reloads;
  }

  @Override
  public MetricSnapshots collect() {
    InfoSnapshot info =
        InfoSnapshot.builder()
            .name(AGENT_INFO)
            .help(AGENT_INFO_HELP)
            .dataPoint(
                InfoDataPointSnapshot.builder().labels(Labels.of(LABEL_VERSION, version)).build())
            .build();
    GaugeSnapshot methods =
        GaugeSnapshot.builder()
            .name(INSTRUMENTED_METHODS)
            .help(INSTRUMENTED_METHODS_HELP)
            .dataPoint(
                GaugeDataPointSnapshot.builder()
                    .value(sites.get().stream().mapToInt(s -> s.instrumentedMethods().size()).sum())
                    .build())
            .build();
    Map<String, Long> unmatchedByLibrary = new TreeMap<>();
    for (Site site : sites.get()) {
      if (!site.library().equals("method")) {
        unmatchedByLibrary.merge(site.library(), site.unmatchedCalls(), Long::sum);
      }
    }
    CounterSnapshot.Builder unmatched =
        CounterSnapshot.builder().name(UNMATCHED_CALLS).help(UNMATCHED_CALLS_HELP);
    unmatchedByLibrary.forEach(
        (library, count) ->
            unmatched.dataPoint(
                CounterDataPointSnapshot.builder()
                    .labels(Labels.of(LABEL_LIBRARY, library))
                    .value(count)
                    .build()));
    CounterSnapshot.Builder errorCounts =
        CounterSnapshot.builder().name(AGENT_ERRORS).help(AGENT_ERRORS_HELP);
    for (ErrorStage stage : ErrorStage.values()) {
      errorCounts.dataPoint(
          CounterDataPointSnapshot.builder()
              .labels(Labels.of(LABEL_STAGE, stage.label()))
              .value(errors.total(stage))
              .build());
    }
    CounterSnapshot reloadCounts =
        CounterSnapshot.builder()
            .name(CONFIG_RELOADS)
            .help(CONFIG_RELOADS_HELP)
            .dataPoint(reloadCount(ConfigReloadCounts.APPLIED, reloads.applied()))
            .dataPoint(reloadCount(ConfigReloadCounts.REJECTED, reloads.rejected()))
            .build();
    CounterSnapshot checks =
        CounterSnapshot.builder()
            .name(CONFIG_CHECKS)
            .help(CONFIG_CHECKS_HELP)
            .dataPoint(CounterDataPointSnapshot.builder().value(reloads.checks()).build())
            .build();
    return new MetricSnapshots(
        Arrays.asList(info, methods, errorCounts.build(), unmatched.build(), reloadCounts, checks));
  }

  private static CounterDataPointSnapshot reloadCount(String result, long count) {
    return CounterDataPointSnapshot.builder()
        .labels(Labels.of(LABEL_RESULT, result))
        .value(count)
        .build();
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(
        AGENT_INFO,
        INSTRUMENTED_METHODS,
        AGENT_ERRORS,
        UNMATCHED_CALLS,
        CONFIG_RELOADS,
        CONFIG_CHECKS);
  }
}
