package dev.modelwatch.agent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.config.ExporterProperties;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.StateSetSnapshot;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import io.prometheus.metrics.model.snapshots.Unit;
import io.prometheus.metrics.model.snapshots.UnknownSnapshot;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TextExposition} writes exactly the bytes client_java's own writers write for the same
 * snapshot, in both text formats and under every escaping scheme: on every snapshot type, on the
 * values and label texts that need escaping or several UTF-8 bytes (unpaired surrogates included),
 * on what it leaves to client_java (exemplars, timestamps, names to quote), and on client_java's
 * JVM metrics. The agent's own families are compared in {@code AgentExpositionTest}.
 */
class TextExpositionTest {
  private static final ExporterProperties DEFAULTS = ExporterProperties.builder().build();
  private static final ExpositionFormats FORMATS = ExpositionFormats.init(DEFAULTS);

  /** Both formats, every scheme: the same bytes as client_java's writer. */
  static void assertSameAsClientJava(MetricSnapshots snapshots) throws Exception {
    for (ExpositionFormatWriter reference :
        List.of(
            FORMATS.getPrometheusTextFormatWriter(), FORMATS.getOpenMetricsTextFormatWriter())) {
      TextExposition own = TextExposition.of(reference, DEFAULTS);
      for (EscapingScheme scheme : EscapingScheme.values()) {
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        reference.write(expected, snapshots, scheme);
        ExpositionBytes actual = new ExpositionBytes();
        own.write(actual, snapshots, scheme);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        actual.writeTo(written);
        String where = reference.getContentType() + ", escaping " + scheme;
        assertEquals(
            expected.toString(StandardCharsets.ISO_8859_1),
            written.toString(StandardCharsets.ISO_8859_1),
            where);
      }
    }
  }

  @Test
  void everySnapshotTypeAndTheTextsThatNeedEscaping() throws Exception {
    List<MetricSnapshot> families = new ArrayList<>();
    families.add(
        CounterSnapshot.builder()
            .name("calls")
            .help("calls with \"quotes\", a back\\slash and a\nnew line")
            .dataPoint(
                CounterDataPointSnapshot.builder()
                    .labels(Labels.of("model", "a \"b\" c\\d\ne", "z", ""))
                    .value(3)
                    .build())
            .dataPoint(
                CounterDataPointSnapshot.builder()
                    .labels(Labels.of("model", "ü ✓ 𝄞 \uD800x \uDC00 end\uD800"))
                    .value(Double.NaN)
                    .build())
            .dataPoint(
                CounterDataPointSnapshot.builder()
                    .labels(Labels.of("model", "created"))
                    .value(1e300)
                    .createdTimestampMillis(1_700_000_000_123L)
                    .build())
            .build());
    families.add(
        GaugeSnapshot.builder()
            .name("latency_seconds")
            .unit(Unit.SECONDS)
            .help("")
            .dataPoint(GaugeDataPointSnapshot.builder().value(-0.0).build())
            .dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("le_like", "x", "my.label", "dotted"))
                    .value(Double.NEGATIVE_INFINITY)
                    .build())
            .dataPoint(
                GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("le_like", "y"))
                    .value(Double.POSITIVE_INFINITY)
                    .build())
            .build());
    GaugeSnapshot.Builder whole = GaugeSnapshot.builder().name("whole").help("whole numbers");
    double[] wholes = {
      0,
      -0.0,
      1,
      -1,
      9_999_999,
      10_000_000,
      -9_999_999,
      -10_000_000,
      1e6 + 0.5,
      0x1p52,
      -0x1p63,
      1e-300
    };
    for (int i = 0; i < wholes.length; i++) {
      whole.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(Labels.of("i", Integer.toString(i)))
              .value(wholes[i])
              .build());
    }
    families.add(whole.build());
    families.add(
        HistogramSnapshot.builder()
            .name("large_counts")
            .dataPoint(
                HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(
                        ClassicHistogramBuckets.of(
                            new double[] {1, Double.POSITIVE_INFINITY},
                            new long[] {1_234_567_890_123L, Long.MAX_VALUE / 2}))
                    .sum(-7)
                    .build())
            .build());
    families.add(
        GaugeSnapshot.builder()
            .name("my.dotted.gauge")
            .help("a name only UTF-8 escaping keeps")
            .dataPoint(GaugeDataPointSnapshot.builder().value(1.5).build())
            .build());
    families.add(
        GaugeSnapshot.builder().name("empty_family").help("no points: nothing written").build());
    families.add(
        HistogramSnapshot.builder()
            .name("value")
            .help("values")
            .dataPoint(
                HistogramDataPointSnapshot.builder()
                    .labels(Labels.of("feature", "f\"1", "model", "m"))
                    .classicHistogramBuckets(
                        ClassicHistogramBuckets.of(
                            new double[] {-1.5, 0, 1e-7, 2, 1e21, Double.POSITIVE_INFINITY},
                            new long[] {1, 0, 5, 7, 0, 3}))
                    .sum(12.25)
                    .build())
            .dataPoint(
                HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(
                        ClassicHistogramBuckets.of(
                            new double[] {1, Double.POSITIVE_INFINITY}, new long[] {2, 0}))
                    .build())
            .build());
    families.add(
        HistogramSnapshot.builder()
            .name("with_exemplars")
            .dataPoint(
                HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(
                        ClassicHistogramBuckets.of(
                            new double[] {1, Double.POSITIVE_INFINITY}, new long[] {2, 1}))
                    .sum(3)
                    .exemplars(
                        Exemplars.of(
                            Exemplar.builder()
                                .value(0.5)
                                .labels(Labels.of("trace_id", "abc"))
                                .timestampMillis(1_700_000_000_000L)
                                .build()))
                    .build())
            .build());
    families.add(
        HistogramSnapshot.builder()
            .name("queue_depth")
            .gaugeHistogram(true)
            .dataPoint(
                HistogramDataPointSnapshot.builder()
                    .classicHistogramBuckets(
                        ClassicHistogramBuckets.of(
                            new double[] {10, Double.POSITIVE_INFINITY}, new long[] {4, 1}))
                    .sum(20)
                    .build())
            .build());
    families.add(
        HistogramSnapshot.builder()
            .name("native_only")
            .dataPoint(
                HistogramDataPointSnapshot.builder()
                    .nativeSchema(3)
                    .nativeZeroCount(4)
                    .sum(2)
                    .build())
            .build());
    families.add(
        CounterSnapshot.builder()
            .name("stamped")
            .dataPoint(
                CounterDataPointSnapshot.builder()
                    .value(2)
                    .scrapeTimestampMillis(1_700_000_000_007L)
                    .build())
            .build());
    families.add(
        CounterSnapshot.builder()
            .name("requests")
            .dataPoint(
                CounterDataPointSnapshot.builder()
                    .value(9)
                    .exemplar(Exemplar.builder().value(1).traceId("t").spanId("s").build())
                    .build())
            .build());
    families.add(
        InfoSnapshot.builder()
            .name("build")
            .help("build info")
            .dataPoint(
                InfoSnapshot.InfoDataPointSnapshot.builder()
                    .labels(Labels.of("version", "1.0", "name", "x\\y"))
                    .build())
            .build());
    families.add(
        UnknownSnapshot.builder()
            .name("mystery")
            .help("unknown")
            .dataPoint(UnknownSnapshot.UnknownDataPointSnapshot.builder().value(0.1).build())
            .build());
    families.add(
        StateSetSnapshot.builder()
            .name("state")
            .dataPoint(
                StateSetSnapshot.StateSetDataPointSnapshot.builder()
                    .state("on", true)
                    .state("off", false)
                    .build())
            .build());
    families.add(
        SummarySnapshot.builder()
            .name("rpc_seconds")
            .dataPoint(
                SummarySnapshot.SummaryDataPointSnapshot.builder()
                    .quantiles(Quantiles.builder().quantile(0.5, 0.1).quantile(0.99, 2).build())
                    .count(10)
                    .sum(3)
                    .build())
            .build());
    // a family in two snapshots of the same name is merged into one, as client_java does
    for (int k = 1; k <= 2; k++) {
      families.add(
          GaugeSnapshot.builder()
              .name("split")
              .help("first part")
              .dataPoint(
                  GaugeDataPointSnapshot.builder()
                      .labels(Labels.of("k", Integer.toString(k)))
                      .value(k)
                      .build())
              .build());
    }
    assertSameAsClientJava(new MetricSnapshots(families));
  }

  @Test
  void randomTextsAndNumbers() throws Exception {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name("g").help(text(random));
      CounterSnapshot.Builder counter = CounterSnapshot.builder().name("c").help(text(random));
      for (int i = 0; i < 5; i++) {
        Labels labels = Labels.of("a", text(random), "b", text(random) + i);
        double value =
            random.nextInt(4) == 0
                ? Double.longBitsToDouble(random.nextLong())
                : random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
        gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(labels).value(value).build());
        counter.dataPoint(
            CounterDataPointSnapshot.builder().labels(labels).value(Math.abs(value)).build());
      }
      assertSameAsClientJava(MetricSnapshots.of(gauge.build(), counter.build()));
    }
  }

  /**
   * Bodies of several 64 KiB chunks: characters of 2 to 4 bytes across chunk ends, and a family
   * written in part over more than a chunk, then handed to client_java (its last point has a
   * timestamp) and so cut back across chunks.
   */
  @Test
  void bodiesOfManyChunks() throws Exception {
    CounterSnapshot.Builder cut = CounterSnapshot.builder().name("cut").help("cut back");
    GaugeSnapshot.Builder wide = GaugeSnapshot.builder().name("wide");
    for (int i = 0; i < 5000; i++) {
      CounterDataPointSnapshot.Builder point =
          CounterDataPointSnapshot.builder().labels(Labels.of("i", "é✓𝄞" + i)).value(i);
      if (i == 4999) {
        point.scrapeTimestampMillis(1_700_000_000_000L);
      }
      cut.dataPoint(point.build());
      wide.dataPoint(
          GaugeDataPointSnapshot.builder()
              .labels(Labels.of("k", "x".repeat(i % 7) + "𝄞✓é\"\\" + i))
              .value(i / 7.0)
              .build());
    }
    MetricSnapshots snapshots = MetricSnapshots.of(cut.build(), wide.build());
    assertSameAsClientJava(snapshots);
    ExpositionBytes body = new ExpositionBytes();
    TextExposition.of(FORMATS.getPrometheusTextFormatWriter(), DEFAULTS)
        .write(body, snapshots, EscapingScheme.UNDERSCORE_ESCAPING);
    assertTrue(body.size() > 4 * ExpositionBytes.CHUNK, "body of " + body.size() + " bytes");
  }

  /** Texts from ASCII, the three escaped characters, 2- and 3-byte characters and surrogates. */
  private static String text(Random random) {
    char[] pool = {'a', 'Z', '0', ' ', '"', '\\', '\n', '\t', 'é', '✓', '\uD834', '\uDD1E'};
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(12);
    for (int i = 0; i < length; i++) {
      text.append(pool[random.nextInt(pool.length)]);
    }
    return text.toString();
  }

  @Test
  void jvmMetrics() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    assertSameAsClientJava(registry.scrape());
  }

  @Test
  void notWrittenHereWhenSettingsAddCreatedTimestampsOrExemplarsEverywhere() {
    ExporterProperties created =
        ExporterProperties.builder().includeCreatedTimestamps(true).build();
    ExporterProperties exemplars =
        ExporterProperties.builder().exemplarsOnAllMetricTypes(true).build();
    ExpositionFormats formats = ExpositionFormats.init(created);
    assertNull(TextExposition.of(formats.getPrometheusTextFormatWriter(), created));
    assertNull(TextExposition.of(formats.getOpenMetricsTextFormatWriter(), exemplars));
    assertNull(TextExposition.of(formats.getPrometheusProtobufWriter(), DEFAULTS));
    assertTrue(TextExposition.of(formats.getOpenMetricsTextFormatWriter(), DEFAULTS) != null);
  }
}
