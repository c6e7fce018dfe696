package dev.modelwatch.agent.metrics;

import dev.modelwatch.agent.record.CellSums;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * A collector of series read from the recording cells. A scrape sums the cells once and hands the
 * same {@link CellSums} to every such collector, so the histograms, the drift gauges and the
 * accuracy estimates of one scrape describe the same calls; {@link #collect()} alone (a collector
 * registered on its own) sums for itself.
 */
public interface SummedCollector extends MultiCollector {
  /** This collector's series, read from {@code sums}. */
  MetricSnapshots collect(CellSums sums);
}
