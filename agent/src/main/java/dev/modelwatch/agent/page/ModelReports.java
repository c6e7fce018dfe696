package dev.modelwatch.agent.page;

import dev.modelwatch.agent.baseline.ModelBaseline;
import dev.modelwatch.agent.drift.ColumnDrift;
import dev.modelwatch.agent.drift.ComparedColumn;
import dev.modelwatch.agent.drift.DriftEngine;
import dev.modelwatch.agent.drift.DriftSnapshot;
import dev.modelwatch.agent.drift.DriftVerdict;
import dev.modelwatch.agent.drift.StatisticHistory;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.CategoryCounts;
import dev.modelwatch.agent.record.CellSums;
import dev.modelwatch.agent.record.Column;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.LatencyBuckets;
import dev.modelwatch.agent.record.ModelLayout;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericHistogram;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.config.DriftConfig;
import dev.modelwatch.config.baseline.CategoricalDistribution;
import dev.modelwatch.config.baseline.NumericDistribution;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the page's reports from the same sources the metrics come from: each model's summed
 * recording cells, its drift window, and (for evaluation metrics, which other components add) the
 * registry's {@code model_evaluation*} series by name. Runs on the HTTP server's thread, never on
 * the prediction path.
 */
public final class ModelReports {
  /** Series whose name starts with this are shown as the model's evaluation metrics. */
  static final String EVALUATION_PREFIX = "model_evaluation";

  private final Recorder recorder;
  private final DriftEngine drift;
  private final PrometheusRegistry registry;
  private final AgentErrors errors;

  public ModelReports(
      Recorder recorder, DriftEngine drift, PrometheusRegistry registry, AgentErrors errors) {
    this.recorder = recorder;
    this.drift = drift;
    this.registry = registry;
    this.errors = errors;
  }

  /**
   * One report per configured model, in config order; a model that fails is counted and left out.
   */
  public List<ModelReport> collect() {
    Map<String, List<EvaluationValue>> evaluation = evaluation();
    CellSums sums = recorder.settledSums();
    List<ModelReport> reports = new ArrayList<>();
    for (ModelMonitor monitor : recorder.models()) {
      try {
        reports.add(
            report(
                monitor,
                sums.of(monitor.id()),
                evaluation.getOrDefault(monitor.name(), List.of())));
      } catch (RuntimeException e) {
        errors.record(ErrorStage.SCRAPE, e);
      }
    }
    return reports;
  }

  private ModelReport report(ModelMonitor monitor, long[] sum, List<EvaluationValue> evaluation) {
    ModelLayout.CallTotals totals = monitor.totals(sum);
    long failed = monitor.errors().total(sum);
    double[] latencyBounds = LatencyBuckets.upperBounds();

    DriftEngine.Model model = driftModel(monitor.id());
    DriftSnapshot snapshot = null;
    if (model != null) {
      try {
        snapshot = model.drift().computeWithHistory(sum);
      } catch (RuntimeException e) {
        errors.record(ErrorStage.DRIFT, e);
      }
    }
    Columns columns = new Columns(model, snapshot, sum);
    for (Column feature : monitor.features()) {
      if (feature.kind() == Column.Kind.NUMERIC) {
        if (feature.values().pending()) {
          continue; // bounds still learned from the first values
        }
        columns.add(
            feature.name(),
            false,
            feature.values(),
            null,
            feature.missing(sum),
            feature.values().outOfRange(sum));
      } else {
        columns.add(feature.name(), false, null, feature.categories(), feature.missing(sum), -1);
      }
    }
    for (Column output : monitor.outputs()) {
      // a classification output is shown by its classes (its confidence is a series of its own)
      boolean numeric = output.kind() == Column.Kind.NUMERIC;
      columns.add(
          output.name(),
          true,
          numeric ? output.values() : null,
          numeric ? null : output.categories(),
          output.missing(sum),
          -1);
    }
    columns.list.sort(WORST_FIRST);

    ModelReport.DriftSummary summary = null;
    if (model != null) {
      DriftConfig config = model.drift().config();
      summary =
          new ModelReport.DriftSummary(
              config.window().getSeconds(),
              config.slices(),
              config.minSamples(),
              snapshot == null ? 0 : snapshot.samples(),
              config.thresholds(),
              model.baseline().withoutCount());
    }
    return new ModelReport(
        monitor.name(),
        totals.finished,
        failed,
        totals.inFlight(),
        HistogramQuantile.of(0.5, latencyBounds, totals.latencyBuckets),
        HistogramQuantile.of(0.9, latencyBounds, totals.latencyBuckets),
        HistogramQuantile.of(0.99, latencyBounds, totals.latencyBuckets),
        summary,
        columns.list,
        evaluation);
  }

  static final Comparator<ColumnReport> WORST_FIRST =
      Comparator.comparingInt((ColumnReport c) -> c.status.ordinal())
          .thenComparing(Comparator.comparingDouble((ColumnReport c) -> c.severity).reversed())
          .thenComparing(c -> c.output)
          .thenComparing(c -> c.name);

  private DriftEngine.Model driftModel(int id) {
    for (DriftEngine.Model model : drift.models()) {
      if (model.id() == id) {
        return model;
      }
    }
    return null;
  }

  /** The columns of one model, joined with their drift and window counts by name. */
  private static final class Columns {
    final List<ColumnReport> list = new ArrayList<>();
    final DriftEngine.Model model;
    final Map<String, ColumnDrift> drifts = new HashMap<>();
    final Map<String, ComparedColumn> compared = new HashMap<>();
    final DriftSnapshot snapshot;
    final long[] sum;

    Columns(DriftEngine.Model model, DriftSnapshot snapshot, long[] sum) {
      this.model = model;
      this.snapshot = snapshot;
      this.sum = sum;
      if (snapshot != null) {
        for (ColumnDrift column : snapshot.columns()) {
          drifts.put(key(column.output(), column.name()), column);
        }
      }
      if (model != null) {
        for (ComparedColumn column : model.drift().columns()) {
          compared.put(key(column.output(), column.name()), column);
        }
      }
    }

    /**
     * Adds one column: {@code numeric} or {@code categorical} is its live recording. A column with
     * a baseline shows the window's counts on the baseline's bins; one without shows every value
     * since start on its own buckets or categories.
     */
    void add(
        String name,
        boolean output,
        NumericHistogram numeric,
        CategoryCounts categorical,
        long missing,
        long outOfRange) {
      long values = numeric != null ? total(numeric.bucketCounts(sum)) : categorical.total(sum);
      ComparedColumn column = compared.get(key(output, name));
      ColumnDrift drift = drifts.get(key(output, name));
      DriftVerdict verdict = column == null ? DriftVerdict.NO_BASELINE : DriftVerdict.PENDING;
      Map<String, Double> statistics = new LinkedHashMap<>();
      Map<String, Double> pvalues = new LinkedHashMap<>();
      if (drift != null) {
        statistics.putAll(drift.statistics());
        pvalues.putAll(drift.pvalues());
        verdict = drift.verdict();
      }
      long windowSamples;
      List<Bin> bins;
      double[] edges;
      ColumnHistory history = null;
      if (column != null) {
        long[] counts = column.windowCounts(sum);
        windowSamples = total(counts);
        bins = bins(column, output, counts);
        edges = column.kind() == ComparedColumn.Kind.CATEGORICAL ? null : edges(column, output);
        StatisticHistory ring = column.history();
        history =
            new ColumnHistory(
                ring.statistic(),
                ring.threshold(),
                ring.capacity(),
                snapshot == null ? ring.points() : snapshot.history(column));
      } else if (numeric != null) {
        windowSamples = 0;
        double[] upper = numeric.upperBounds();
        edges = Arrays.copyOf(upper, upper.length - 1);
        bins = liveBins(rangeLabels(edges), numeric.bucketCounts(sum));
      } else {
        windowSamples = 0;
        edges = null;
        Map<String, Long> byCategory = categorical.counts(sum);
        long[] counts = new long[byCategory.size()];
        int i = 0;
        for (long c : byCategory.values()) {
          counts[i++] = c;
        }
        bins = liveBins(new ArrayList<>(byCategory.keySet()), counts);
      }
      list.add(
          new ColumnReport(
              name,
              output,
              categorical != null,
              verdict,
              windowSamples,
              statistics,
              pvalues,
              bins,
              values,
              missing,
              outOfRange,
              edges,
              history));
    }

    private List<Bin> bins(ComparedColumn column, boolean output, long[] counts) {
      double[] shares = column.baselineSharesCopy();
      List<String> labels = labels(model.baseline(), column, output, shares.length);
      long n = total(counts);
      List<Bin> bins = new ArrayList<>(shares.length);
      for (int i = 0; i < shares.length; i++) {
        bins.add(
            new Bin(
                labels.get(i), shares[i], n == 0 ? Double.NaN : (double) counts[i] / n, counts[i]));
      }
      return bins;
    }

    /** The baseline's edges of a numeric column; null when they do not match its bins. */
    private double[] edges(ComparedColumn column, boolean output) {
      NumericDistribution d =
          output
              ? model.baseline().numericOutputs().get(column.name())
              : model.baseline().numericFeatures().get(column.name());
      int bins = column.baselineSharesCopy().length;
      return d != null && d.edges().length + 1 == bins ? d.edges() : null;
    }
  }

  /** Bins of a column without a baseline: its counts since start, and their shares. */
  static List<Bin> liveBins(List<String> labels, long[] counts) {
    long n = total(counts);
    List<Bin> bins = new ArrayList<>(counts.length);
    for (int i = 0; i < counts.length; i++) {
      bins.add(
          new Bin(
              labels.get(i), Double.NaN, n == 0 ? Double.NaN : (double) counts[i] / n, counts[i]));
    }
    return bins;
  }

  /** Labels of the bins between {@code edges} ({@code le} semantics), open at both ends. */
  static List<String> rangeLabels(double[] edges) {
    List<String> labels = new ArrayList<>(edges.length + 1);
    for (int i = 0; i <= edges.length; i++) {
      if (edges.length == 0) {
        labels.add("all");
      } else if (i == 0) {
        labels.add("\u2264 " + number(edges[0]));
      } else if (i == edges.length) {
        labels.add("> " + number(edges[i - 1]));
      } else {
        labels.add(number(edges[i - 1]) + " \u2013 " + number(edges[i]));
      }
    }
    return labels;
  }

  /**
   * Bin labels: the baseline's categories, or the ranges between its edges ({@code le} semantics).
   */
  static List<String> labels(
      ModelBaseline baseline, ComparedColumn column, boolean output, int bins) {
    List<String> labels = new ArrayList<>(bins);
    if (column.kind() == ComparedColumn.Kind.CATEGORICAL) {
      CategoricalDistribution d =
          output
              ? baseline.classOutputs().get(column.name())
              : baseline.categoricalFeatures().get(column.name());
      if (d != null && d.categories().size() == bins) {
        return d.categories();
      }
    } else {
      NumericDistribution d =
          output
              ? baseline.numericOutputs().get(column.name())
              : baseline.numericFeatures().get(column.name());
      if (d != null && d.edges().length + 1 == bins) {
        return rangeLabels(d.edges());
      }
    }
    for (int i = 0; i < bins; i++) {
      labels.add("bin " + (i + 1));
    }
    return labels;
  }

  static String number(double value) {
    return String.format(Locale.ROOT, "%.4g", value);
  }

  private static String key(boolean output, String name) {
    return (output ? "output:" : "feature:") + name;
  }

  private static long total(long[] counts) {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  /** {@code model_evaluation*} gauges and counters by model, whatever component registers them. */
  private Map<String, List<EvaluationValue>> evaluation() {
    Map<String, List<EvaluationValue>> byModel = new HashMap<>();
    try {
      for (MetricSnapshot metric : registry.scrape(name -> name.startsWith(EVALUATION_PREFIX))) {
        String name = metric.getMetadata().getPrometheusName();
        boolean counter = metric instanceof CounterSnapshot;
        for (DataPointSnapshot point : metric.getDataPoints()) {
          double value;
          if (point instanceof GaugeSnapshot.GaugeDataPointSnapshot) {
            value = ((GaugeSnapshot.GaugeDataPointSnapshot) point).getValue();
          } else if (point instanceof CounterSnapshot.CounterDataPointSnapshot) {
            value = ((CounterSnapshot.CounterDataPointSnapshot) point).getValue();
          } else {
            continue;
          }
          String model = point.getLabels().get("model");
          if (model == null) {
            continue;
          }
          Map<String, String> labels = new LinkedHashMap<>();
          for (Label label : point.getLabels()) {
            if (!"model".equals(label.getName())) {
              labels.put(label.getName(), label.getValue());
            }
          }
          byModel
              .computeIfAbsent(model, m -> new ArrayList<>())
              .add(new EvaluationValue(counter ? name + "_total" : name, labels, value));
        }
      }
    } catch (RuntimeException e) {
      errors.record(ErrorStage.SCRAPE, e);
    }
    for (List<EvaluationValue> values : byModel.values()) {
      values.sort(
          Comparator.comparing((EvaluationValue v) -> v.metric)
              .thenComparing(v -> v.labels.toString()));
    }
    return Collections.unmodifiableMap(byModel);
  }
}
