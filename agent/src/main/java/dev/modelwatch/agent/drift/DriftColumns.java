package dev.modelwatch.agent.drift;

import dev.modelwatch.agent.baseline.ModelBaseline;
import dev.modelwatch.agent.embedding.EmbeddingColumn;
import dev.modelwatch.agent.record.CategoryCounts;
import dev.modelwatch.agent.record.Column;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericHistogram;
import dev.modelwatch.config.baseline.CategoricalDistribution;
import dev.modelwatch.config.baseline.NumericDistribution;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of a model that can be compared with its baseline: each matched feature and output,
 * reading the very counts its exported histogram or category counter holds.
 */
public final class DriftColumns {
  private DriftColumns() {}

  /** Matched features first, then matched outputs, in config order. */
  public static List<ComparedColumn> of(ModelMonitor monitor, ModelBaseline baseline) {
    List<ComparedColumn> columns = new ArrayList<>();
    for (Column feature : monitor.features()) {
      if (feature.kind() == Column.Kind.NUMERIC) {
        NumericDistribution d = baseline.numericFeatures().get(feature.name());
        if (d != null) {
          columns.add(numeric(feature.values(), d, false));
        }
      } else {
        CategoricalDistribution d = baseline.categoricalFeatures().get(feature.name());
        if (d != null) {
          columns.add(
              withMeanVector(categorical(feature.categories(), d, false), d, monitor, false));
        }
      }
    }
    for (Column output : monitor.outputs()) {
      if (output.kind() == Column.Kind.NUMERIC) {
        NumericDistribution d = baseline.numericOutputs().get(output.name());
        if (d != null) {
          columns.add(numeric(output.values(), d, true));
        }
      } else {
        CategoricalDistribution d = baseline.classOutputs().get(output.name());
        if (d != null) {
          columns.add(withMeanVector(categorical(output.categories(), d, true), d, monitor, true));
        }
      }
    }
    return columns;
  }

  /** An embedding's cluster column also compares the window's mean vector (cosine). */
  private static ComparedColumn withMeanVector(
      ComparedColumn column, CategoricalDistribution d, ModelMonitor monitor, boolean output) {
    if (d.embedding() == null) {
      return column;
    }
    for (EmbeddingColumn embedding : monitor.embeddings()) {
      if (embedding.output() == output
          && embedding.config().clusterColumn().equals(column.name())
          && embedding.summed()
          && embedding.dimension() == d.embedding().dimension()) {
        return column.withMeanVector(embedding, d.embedding().mean());
      }
    }
    return column;
  }

  private static ComparedColumn numeric(
      NumericHistogram histogram, NumericDistribution d, boolean output) {
    if (histogram.upperBounds().length != d.bins()) {
      throw new IllegalStateException(
          "the histogram of '"
              + histogram.name()
              + "' has "
              + histogram.upperBounds().length
              + " buckets but its baseline "
              + d.bins()
              + " bins");
    }
    return new ComparedColumn(
        histogram.name(),
        output,
        ComparedColumn.Kind.NUMERIC,
        d.shares(),
        d.count(),
        histogram::bucketCounts);
  }

  private static ComparedColumn categorical(
      CategoryCounts counts, CategoricalDistribution d, boolean output) {
    return new ComparedColumn(
        counts.name(),
        output,
        ComparedColumn.Kind.CATEGORICAL,
        d.shareArray(),
        d.count(),
        new CategoryBins(counts, d.categories()));
  }
}
