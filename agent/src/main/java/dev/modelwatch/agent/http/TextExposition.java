package dev.modelwatch.agent.http;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.expositionformats.TextFormatUtil;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricMetadata;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot.UnknownDataPointSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The Prometheus text format (0.0.4) and OpenMetrics text (1.0.0), byte for byte as client_java
 * 1.5's {@link PrometheusTextFormatWriter} and {@link OpenMetricsTextFormatWriter} write them
 * ({@code TextExpositionTest} compares the two on the agent's own registry and on every snapshot
 * type), but straight into a byte array. client_java's writers put every name, label and value
 * through a {@code BufferedWriter}, which takes a lock on each of the ~20 writes of a line; with
 * baselines a scrape of 30 models x 50 features is about 100,000 lines (docs/benchmarks.md,
 * "Scrape").
 *
 * <p>Counters, gauges, classic histograms, info and unknown families with names that need no
 * quoting, under the escaping schemes that leave names as they are ({@code underscores}, the
 * default, and {@code allow-utf-8}), are written here: that is every family the agent has. Any
 * other family (summaries, state sets, gauge histograms, exemplars, timestamps, names to quote)
 * goes through client_java's writer on its own, so the body is client_java's in every case.
 */
final class TextExposition {
  private static final long NEGATIVE_ZERO = Double.doubleToRawLongBits(-0.0);
  private static final byte[] EOF = "# EOF\n".getBytes(StandardCharsets.US_ASCII);

  private final boolean openMetrics;
  private final ExpositionFormatWriter reference;

  private TextExposition(boolean openMetrics, ExpositionFormatWriter reference) {
    this.openMetrics = openMetrics;
    this.reference = reference;
  }

  /**
   * The writer for {@code reference}'s format, or null when this class does not write it: the
   * protobuf format, or settings that add created timestamps or exemplars on every type (the agent
   * never sets either).
   */
  static TextExposition of(ExpositionFormatWriter reference, ExporterProperties properties) {
    if (properties.getIncludeCreatedTimestamps() || properties.getExemplarsOnAllMetricTypes()) {
      return null;
    }
    if (reference instanceof OpenMetricsTextFormatWriter) {
      return new TextExposition(true, reference);
    }
    if (reference instanceof PrometheusTextFormatWriter) {
      return new TextExposition(false, reference);
    }
    return null;
  }

  void write(ExpositionBytes out, MetricSnapshots snapshots, EscapingScheme scheme)
      throws IOException {
    if (scheme != EscapingScheme.UNDERSCORE_ESCAPING && scheme != EscapingScheme.ALLOW_UTF8) {
      reference.write(out, snapshots, scheme); // names are rewritten: client_java's own
      return;
    }
    boolean underscores = scheme == EscapingScheme.UNDERSCORE_ESCAPING;
    for (MetricSnapshot snapshot : TextFormatUtil.mergeDuplicates(snapshots)) {
      if (snapshot.getDataPoints().isEmpty()) {
        continue;
      }
      long mark = out.size();
      if (!family(out, snapshot, underscores)) {
        out.truncate(mark);
        referenceFamily(out, snapshot, scheme);
      }
    }
    if (openMetrics) {
      out.write(EOF);
    }
  }

  /** One family through client_java's writer, without the {@code # EOF} it ends a body with. */
  private void referenceFamily(ExpositionBytes out, MetricSnapshot snapshot, EscapingScheme scheme)
      throws IOException {
    reference.write(out, MetricSnapshots.of(snapshot), scheme);
    if (openMetrics && out.endsWith(EOF)) {
      out.truncate(out.size() - EOF.length);
    }
  }

  /** Writes one family, or returns false (part written) when it is not one this class writes. */
  private boolean family(ExpositionBytes out, MetricSnapshot snapshot, boolean underscores) {
    MetricMetadata metadata = snapshot.getMetadata();
    String name = underscores ? metadata.getPrometheusName() : metadata.getName();
    if (!PrometheusNaming.isValidLegacyMetricName(name)) {
      return false;
    }
    if (snapshot instanceof CounterSnapshot) {
      return counter(out, (CounterSnapshot) snapshot, name, underscores);
    } else if (snapshot instanceof GaugeSnapshot) {
      metadata(out, metadata, name, "", "gauge");
      return values(
          out,
          ascii(name),
          ((GaugeSnapshot) snapshot).getDataPoints(),
          GaugeDataPointSnapshot::getValue,
          underscores);
    } else if (snapshot instanceof HistogramSnapshot) {
      return histogram(out, (HistogramSnapshot) snapshot, name, underscores);
    } else if (snapshot instanceof InfoSnapshot) {
      metadata(out, metadata, name, "_info", openMetrics ? "info" : "gauge");
      byte[] prefix = ascii(name + "_info");
      for (InfoSnapshot.InfoDataPointSnapshot data : ((InfoSnapshot) snapshot).getDataPoints()) {
        if (data.hasScrapeTimestamp()) {
          return false;
        }
        point(out, prefix, data.getLabels(), underscores);
        out.write('1');
        out.write('\n');
      }
      return true;
    } else if (snapshot instanceof UnknownSnapshot) {
      metadata(out, metadata, name, "", openMetrics ? "unknown" : "untyped");
      return values(
          out,
          ascii(name),
          ((UnknownSnapshot) snapshot).getDataPoints(),
          UnknownDataPointSnapshot::getValue,
          underscores);
    }
    return false; // summaries and state sets: client_java's
  }

  /** Points of one value each, {@code name{labels} value}; false if one has a timestamp. */
  private static <P extends DataPointSnapshot> boolean values(
      ExpositionBytes out,
      byte[] prefix,
      List<P> points,
      ToDoubleFunction<P> value,
      boolean underscores) {
    for (P data : points) {
      if (data.hasScrapeTimestamp()) {
        return false;
      }
      point(out, prefix, data.getLabels(), underscores);
      number(out, value.applyAsDouble(data));
      out.write('\n');
    }
    return true;
  }

  private boolean counter(
      ExpositionBytes out, CounterSnapshot snapshot, String name, boolean underscores) {
    metadata(out, snapshot.getMetadata(), name, "_total", "counter");
    byte[] prefix = ascii(name + "_total");
    for (CounterDataPointSnapshot data : snapshot.getDataPoints()) {
      if (data.hasScrapeTimestamp() || (openMetrics && data.getExemplar() != null)) {
        return false;
      }
      point(out, prefix, data.getLabels(), underscores);
      number(out, data.getValue());
      out.write('\n');
    }
    return true;
  }

  private boolean histogram(
      ExpositionBytes out, HistogramSnapshot snapshot, String name, boolean underscores) {
    if (snapshot.isGaugeHistogram()) {
      return false;
    }
    metadata(out, snapshot.getMetadata(), name, "", "histogram");
    ExpositionBytes scratch = new ExpositionBytes();
    byte[] bucket = ascii(name + "_bucket");
    byte[] count = ascii(name + "_count");
    byte[] sum = ascii(name + "_sum");
    for (HistogramDataPointSnapshot data : snapshot.getDataPoints()) {
      ClassicHistogramBuckets buckets = data.getClassicBuckets();
      if (data.hasScrapeTimestamp()
          || buckets.isEmpty()
          || (openMetrics && data.getExemplars().size() > 0)) {
        return false;
      }
      Labels labels = data.getLabels();
      byte[] labelText = null;
      if (!labels.isEmpty()) {
        scratch.truncate(0);
        labels(scratch, labels, underscores);
        scratch.write(',');
        labelText = scratch.copyFrom(0);
      }
      long cumulative = 0;
      for (int i = 0; i < buckets.size(); i++) {
        cumulative += buckets.getCount(i);
        out.write(bucket);
        out.write('{');
        if (labelText != null) {
          out.write(labelText);
        }
        out.ascii("le=\"");
        number(out, buckets.getUpperBound(i));
        out.ascii("\"} ");
        out.decimal(cumulative);
        out.write('\n');
      }
      boolean counted = data.hasCount();
      boolean summed = data.hasSum();
      if (openMetrics && !(counted && summed)) {
        continue; // OpenMetrics: both or neither
      }
      if (counted) {
        point(out, count, labels, underscores);
        out.decimal(data.getCount());
        out.write('\n');
      }
      if (summed) {
        point(out, sum, labels, underscores);
        number(out, data.getSum());
        out.write('\n');
      }
    }
    return true;
  }

  /**
   * The family's comment lines. Text format: {@code # HELP} then {@code # TYPE}, both on the name
   * with {@code suffix}, help escaping backslash and newline. OpenMetrics: {@code # TYPE}, {@code #
   * UNIT}, {@code # HELP} on the bare name, help escaping the double quote too.
   */
  private void metadata(
      ExpositionBytes out, MetricMetadata metadata, String name, String suffix, String type) {
    String help = metadata.getHelp();
    boolean helped = help != null && !help.isEmpty();
    if (openMetrics) {
      out.ascii("# TYPE ");
      out.ascii(name);
      out.write(' ');
      out.ascii(type);
      out.write('\n');
      if (metadata.getUnit() != null) {
        out.ascii("# UNIT ");
        out.ascii(name);
        out.write(' ');
        out.escaped(metadata.getUnit().toString(), true);
        out.write('\n');
      }
      if (helped) {
        out.ascii("# HELP ");
        out.ascii(name);
        out.write(' ');
        out.escaped(help, true);
        out.write('\n');
      }
    } else {
      if (helped) {
        out.ascii("# HELP ");
        out.ascii(name);
        out.ascii(suffix);
        out.write(' ');
        out.escaped(help, false);
        out.write('\n');
      }
      out.ascii("# TYPE ");
      out.ascii(name);
      out.ascii(suffix);
      out.write(' ');
      out.ascii(type);
      out.write('\n');
    }
  }

  /** {@code name{labels} } up to the value. */
  private static void point(ExpositionBytes out, byte[] name, Labels labels, boolean underscores) {
    out.write(name);
    if (!labels.isEmpty()) {
      out.write('{');
      labels(out, labels, underscores);
      out.write('}');
    }
    out.write(' ');
  }

  private static void labels(ExpositionBytes out, Labels labels, boolean underscores) {
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      String name = underscores ? labels.getPrometheusName(i) : labels.getName(i);
      if (PrometheusNaming.isValidLegacyLabelName(name)) {
        out.ascii(name);
      } else {
        out.write('"');
        out.escaped(name, true);
        out.write('"');
      }
      out.write('=');
      out.write('"');
      out.escaped(labels.getValue(i), true);
      out.write('"');
    }
  }

  private static void number(ExpositionBytes out, double value) {
    if (value == (long) value
        && Math.abs(value) < 1e7
        && Double.doubleToRawLongBits(value) != NEGATIVE_ZERO) {
      out.decimal((long) value); // what Double.toString writes for whole numbers below 10^7
      out.write('.');
      out.write('0');
    } else if (value == Double.POSITIVE_INFINITY) {
      out.ascii("+Inf");
    } else if (value == Double.NEGATIVE_INFINITY) {
      out.ascii("-Inf");
    } else {
      out.ascii(Double.toString(value));
    }
  }

  private static byte[] ascii(String name) {
    return name.getBytes(StandardCharsets.US_ASCII);
  }
}
