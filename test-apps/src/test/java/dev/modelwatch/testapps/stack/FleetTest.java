package dev.modelwatch.testapps.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.agent.AgentJar;
import dev.modelwatch.testapps.agent.AgentedServer;
import dev.modelwatch.testapps.agent.DriftDetectionTest.Training;
import dev.modelwatch.testapps.agent.Scrape;
import dev.modelwatch.testapps.data.WineData;
import dev.modelwatch.testapps.plain.PlainModelServer;
import dev.modelwatch.testapps.rules.DashboardQueries;
import dev.modelwatch.testapps.rules.PrometheusRuleFiles;
import dev.modelwatch.testapps.rules.RepositoryRoot;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Fleet views stay exact. Three model servers with the real agent serve the same model, two with
 * the wine baseline and one without; a real Prometheus scrapes them every second with the shipped
 * rule files, under a {@code namespace} target label. The test keeps every row it sends, restarts
 * one replica with a baseline half-way (a new JVM on the same agent port, so the same instance
 * whose counters start again), and checks, independently of the agent's code:
 *
 * <ul>
 *   <li>exactly: the calls and every feature's histogram in Prometheus, summed over the replicas
 *       plus the restarted replica's last values before the restart, equal the rows sent;
 *   <li>the recording rules' fleet call rate, latency quantiles and per-feature histograms equal
 *       those of the union up to what {@code increase()} extrapolates (at most about one scrape
 *       interval per replica, measured here);
 *   <li>the fleet's bin shares, PSI, KS and JS equal those of the union of the rows sent to the
 *       replicas that have the baseline within {@link #TOLERANCE}; the replica without a baseline
 *       is left out (its values are on other bucket edges), which matters here: with its rows the
 *       union's statistics would differ by more than the tolerance;
 *   <li>the dashboards' fleet and per-replica panels, with the {@code namespace} and {@code job}
 *       variables, show the fleet and each replica.
 * </ul>
 */
class FleetTest {
  /** Fleet drift from the recording rules and from the rows may differ by this. */
  static final double TOLERANCE = 0.01;

  static final String MAIN = PlainModelServer.class.getName();
  static final String NAMESPACE = "fleet-test";
  static final List<String> NUMERIC = WineData.FEATURE_NAMES.subList(0, WineData.NUMERIC_FEATURES);
  static final Duration INTERVAL = Duration.ofSeconds(1);
  static final List<String> APP_ARGS = List.of("--port", "0", "--threads", "4");

  /**
   * Samples of every replica's counters before the rules are read; bounds increase()'s
   * extrapolation.
   */
  static final int SCRAPES = 40;

  @Test
  void fleetRulesEqualTheUnionOfTheReplicasThroughARestartAndWithAReplicaWithoutBaseline()
      throws Exception {
    Path root = RepositoryRoot.find();
    Training training = Training.build("fleet", 20_000, 23);
    String withBaseline = training.config("{window: 1h, slices: 12, min_samples: 100}");
    String withoutBaseline = withBaseline.replaceAll("(?m)^    (baseline|drift): .*\n", "");
    assertTrue(!withoutBaseline.contains("baseline"), withoutBaseline);
    Map<String, double[][]> baseline = readBaseline(training.baselineFile());

    AgentedServer[] replicas = new AgentedServer[3];
    try {
      replicas[0] = AgentedServer.start(MAIN, withBaseline, APP_ARGS);
      // b answers more slowly: the fleet's latency quantiles are neither a replica's nor their mean
      replicas[1] =
          AgentedServer.start(
              MAIN,
              withBaseline,
              APP_ARGS,
              List.of("-Dmodelwatch.testapps.model.pause.micros=300"),
              Map.of());
      replicas[2] = AgentedServer.start(MAIN, withoutBaseline, APP_ARGS);
      String a = "127.0.0.1:" + replicas[0].agentPort();
      String b = "127.0.0.1:" + replicas[1].agentPort();
      String c = "127.0.0.1:" + replicas[2].agentPort();
      Path work =
          Files.createDirectories(Paths.get("target", "stack", "fleet-" + System.nanoTime()));
      try (PrometheusServer prometheus =
          PrometheusServer.start(
              List.of(a, b, c),
              Map.of("namespace", NAMESPACE),
              PrometheusRuleFiles.ruleFiles(root),
              INTERVAL,
              work)) {
        for (String instance : List.of(a, b, c)) {
          await(
              prometheus,
              "first scrape of " + instance,
              () ->
                  !prometheus
                      .query("model_predictions_total{instance=\"" + instance + "\"} == 0")
                      .isEmpty());
        }

        // before the restart: training-like traffic on a, drift on b, strong drift on c (no
        // baseline)
        List<TrafficResult> sentA = new ArrayList<>();
        List<TrafficResult> sentB = new ArrayList<>();
        List<TrafficResult> sentC = new ArrayList<>();
        sentA.add(send(replicas[0], TrafficMode.NORMAL, List.of(), 0, 1500, 1));
        sentB.add(
            send(replicas[1], TrafficMode.DATA_DRIFT, List.of("alcohol", "pH"), 1.0, 1000, 2));
        sentC.add(
            send(replicas[2], TrafficMode.DATA_DRIFT, List.of("alcohol", "density"), 3.0, 600, 3));
        awaitValue(prometheus, "model_predictions_total{instance=\"" + a + "\"}", 1500);

        // a's last values before the restart, from the agent and as Prometheus scraped them
        Scrape beforeRestart = replicas[0].scrape();
        Map<String, Double> bucketsBeforeRestart =
            values(
                prometheus, "model_feature_value_bucket{instance=\"" + a + "\"}", "feature", "le");
        assertEquals(1500, beforeRestart.value("model_predictions_total", "model", "wine"));
        for (Map.Entry<String, Double> bucket : bucketsBeforeRestart.entrySet()) {
          String[] key = bucket.getKey().split(" ");
          assertEquals(
              beforeRestart.value(
                  "model_feature_value_bucket", "model", "wine", "feature", key[0], "le", key[1]),
              bucket.getValue(),
              bucket.getKey());
        }

        // restart a: a new JVM on the same agent port, so the same instance label, counters from 0
        int agentPort = replicas[0].agentPort();
        replicas[0].close();
        replicas[0] =
            AgentedServer.startWith(
                MAIN,
                List.of(
                    AgentJar.javaagent(
                        "config="
                            + AgentedServer.writeConfig(withBaseline)
                            + ",port="
                            + agentPort)),
                APP_ARGS,
                Map.of());
        assertEquals(agentPort, replicas[0].agentPort());
        // Prometheus must see the reset (a value below the last one) before new traffic arrives
        await(
            prometheus,
            "a scrape of the restarted replica",
            () ->
                !prometheus
                    .query(
                        "model_predictions_total{instance=\""
                            + a
                            + "\"} == 0 and on (instance) "
                            + "model_feature_value_count{instance=\""
                            + a
                            + "\",feature=\"alcohol\"} == 0")
                    .isEmpty());

        sentA.add(send(replicas[0], TrafficMode.DATA_DRIFT, List.of("alcohol"), 2.0, 800, 4));
        sentB.add(send(replicas[1], TrafficMode.NORMAL, List.of(), 0, 700, 5));
        sentC.add(send(replicas[2], TrafficMode.NORMAL, List.of(), 0, 300, 6));
        awaitValue(prometheus, "model_predictions_total{instance=\"" + a + "\"}", 800);
        awaitValue(prometheus, "model_predictions_total{instance=\"" + b + "\"}", 1700);
        awaitValue(prometheus, "model_predictions_total{instance=\"" + c + "\"}", 900);
        // increase() and rate() extrapolate each replica's counters (which start at 0 here) to the
        // window's end, by less than about a scrape interval: over SCRAPES samples, a count comes
        // out at most 1.5 / (SCRAPES - 1) too high, and a replica's weight in a sum as much
        await(
            prometheus,
            SCRAPES + " scrapes of every replica",
            () ->
                prometheus.value(
                        "min(count_over_time(model_predictions_total{model=\"wine\"}[1h]))")
                    >= SCRAPES);
        double extrapolation = 1.5 / (SCRAPES - 1);
        double allScraped = System.currentTimeMillis() / 1000.0;
        // rules evaluated after the last scrape with traffic see all of it
        for (String rule :
            List.of(
                "model:model_predictions:rate5m",
                "model:model_prediction_duration_seconds:p99_rate5m",
                "model_feature:model_feature_value:js_fleet_1h{feature=\"alcohol\"}")) {
          await(
              prometheus,
              rule + " evaluated after the last rows",
              () ->
                  prometheus.value("max(timestamp(" + rule + "))")
                      > allScraped + INTERVAL.toMillis() / 1000.0);
        }

        Scrape[] finalScrapes = {replicas[0].scrape(), replicas[1].scrape(), replicas[2].scrape()};
        List<float[]> rowsWithBaseline = rows(sentA, sentB);
        List<float[]> rowsWithout = rows(sentC, List.of());
        long calls = rowsWithBaseline.size() + rowsWithout.size();
        assertEquals(4900, calls);

        // exact: calls in Prometheus over the replicas, plus a's last count before the restart
        assertEquals(
            calls, prometheus.value("sum(model_predictions_total{model=\"wine\"})") + 1500);

        // exact: every feature's histogram over the replicas with the baseline is the union's
        List<String> report = new ArrayList<>();
        double[] worst = new double[3];
        for (String feature : NUMERIC) {
          double[] edges = baseline.get(feature)[0];
          double[] shares = baseline.get(feature)[1];
          long[] counts = bin(edges, column(rowsWithBaseline, WineData.indexOf(feature)));
          long[] cumulative = cumulative(counts);
          long n = cumulative[cumulative.length - 1];
          Map<String, Double> raw =
              values(
                  prometheus,
                  "sum by (le) (model_feature_value_bucket{feature=\""
                      + feature
                      + "\",instance=~\""
                      + a
                      + "|"
                      + b
                      + "\"})",
                  "le");
          List<String> les = leLabels(edges);
          assertEquals(
              new TreeSet<>(les),
              new TreeSet<>(raw.keySet()),
              feature + ": le labels are the baseline's edges");
          for (int i = 0; i < les.size(); i++) {
            double before = bucketsBeforeRestart.get(feature + " " + les.get(i));
            assertEquals(
                cumulative[i], raw.get(les.get(i)) + before, feature + " le " + les.get(i));
          }

          // the recording rules: histogram up to extrapolation, shares and statistics within the
          // tolerance
          String selector =
              "{namespace=\""
                  + NAMESPACE
                  + "\",job=\"modelwatch\",model=\"wine\",feature=\""
                  + feature
                  + "\"}";
          Map<String, Double> fleetBuckets =
              values(
                  prometheus,
                  "model_feature_le:model_feature_value_bucket:increase1h" + selector,
                  "le");
          Map<String, Double> fleetShares =
              values(
                  prometheus,
                  "model_feature_le:model_feature_value:share_fleet_1h" + selector,
                  "le");
          Map<String, Double> fleetCumulative =
              values(
                  prometheus,
                  "model_feature_le:model_feature_value:cumulative_share_fleet_1h" + selector,
                  "le");
          for (int i = 0; i < les.size(); i++) {
            String le = les.get(i);
            assertBetween(
                cumulative[i],
                cumulative[i] * (1 + extrapolation),
                fleetBuckets.get(le),
                feature + " le " + le);
            assertEquals(
                (double) counts[i] / n,
                fleetShares.get(le),
                TOLERANCE,
                feature + " bin share le " + le);
            assertEquals(
                (double) cumulative[i] / n,
                fleetCumulative.get(le),
                TOLERANCE,
                feature + " share <= " + le);
          }
          assertBetween(
              n,
              n * (1 + extrapolation),
              prometheus.value("model_feature:model_feature_value_count:increase1h" + selector),
              feature + " values");

          double psi =
              prometheus.value("model_feature:model_feature_value:psi_fleet_1h" + selector);
          double ks = prometheus.value("model_feature:model_feature_value:ks_fleet_1h" + selector);
          double js = prometheus.value("model_feature:model_feature_value:js_fleet_1h" + selector);
          double[] expected = {psi(shares, counts), ks(shares, counts), js(shares, counts)};
          double[] actual = {psi, ks, js};
          for (int s = 0; s < 3; s++) {
            worst[s] = Math.max(worst[s], Math.abs(actual[s] - expected[s]));
          }
          report.add(
              String.format(
                  "%-21s psi %.5f/%.5f ks %.5f/%.5f js %.5f/%.5f",
                  feature, psi, expected[0], ks, expected[1], js, expected[2]));
          assertEquals(expected[0], psi, TOLERANCE, feature + " fleet PSI");
          assertEquals(expected[1], ks, TOLERANCE, feature + " fleet KS");
          assertEquals(expected[2], js, TOLERANCE, feature + " fleet JS");
        }
        System.out.println(
            "fleet drift (rules / union of the rows sent), worst differences psi "
                + worst[0]
                + " ks "
                + worst[1]
                + " js "
                + worst[2]
                + ", extrapolation bound "
                + extrapolation
                + ":\n"
                + String.join("\n", report));

        // the drift is not trivial, and the replica without a baseline would have changed it
        double[] alcohol = baseline.get("alcohol")[1];
        long[] alcoholCounts =
            bin(baseline.get("alcohol")[0], column(rowsWithBaseline, WineData.ALCOHOL_INDEX));
        List<float[]> everyRow = new ArrayList<>(rowsWithBaseline);
        everyRow.addAll(rowsWithout);
        long[] withC = bin(baseline.get("alcohol")[0], column(everyRow, WineData.ALCOHOL_INDEX));
        assertTrue(
            ks(alcohol, alcoholCounts) > 0.1 && psi(alcohol, alcoholCounts) > 0.1,
            "alcohol drifted");
        assertTrue(
            Math.abs(ks(alcohol, withC) - ks(alcohol, alcoholCounts)) > 2 * TOLERANCE,
            "the replica without a baseline should change the union's KS noticeably");
        assertTrue(
            prometheus.query("model_feature_baseline_share{instance=\"" + c + "\"}").isEmpty());

        // serving: the fleet call rate, and latency quantiles from the summed buckets
        String fleet = "{namespace=\"" + NAMESPACE + "\",job=\"modelwatch\",model=\"wine\"}";
        double rate = prometheus.value("model:model_predictions:rate5m" + fleet);
        assertBetween(
            calls, calls * (1 + extrapolation), rate * 300, "calls over 5m from the fleet rate");
        TreeMap<Double, Double> latency = new TreeMap<>();
        for (Scrape scrape :
            List.of(beforeRestart, finalScrapes[0], finalScrapes[1], finalScrapes[2])) {
          latencyBuckets(scrape).forEach((le, count) -> latency.merge(le, count, Double::sum));
        }
        assertEquals(calls, latency.lastEntry().getValue(), "latency observations of the union");
        Map<Double, Double> slow = latencyBuckets(finalScrapes[1]);
        assertTrue(
            slow.get(2.5e-4) < 0.5 * slow.get(Double.POSITIVE_INFINITY),
            "b's calls take over 250 us: " + slow);
        for (double q : new double[] {0.5, 0.95, 0.99}) {
          String name =
              "model:model_prediction_duration_seconds:p" + Math.round(q * 100) + "_rate5m";
          double value = prometheus.value(name + fleet);
          // each replica's weight in the summed rates is off by at most the extrapolation, which
          // moves the fleet's cumulative shares by at most as much
          double low = quantile(Math.max(0, q - extrapolation), latency);
          double high = quantile(Math.min(1, q + extrapolation), latency);
          assertBetween(low, high, value, name + " vs the union's buckets " + latency);
          System.out.println(
              name
                  + " "
                  + value
                  + ", union of the replicas' buckets "
                  + quantile(q, latency)
                  + " (within ["
                  + low
                  + ", "
                  + high
                  + "])");
        }
        // what averaging the replicas' own medians would give instead
        TreeMap<Double, Double> ownA = new TreeMap<>(latencyBuckets(beforeRestart));
        latencyBuckets(finalScrapes[0]).forEach((le, count) -> ownA.merge(le, count, Double::sum));
        double meanOfMedians =
            (quantile(0.5, ownA)
                    + quantile(0.5, new TreeMap<>(slow))
                    + quantile(0.5, new TreeMap<>(latencyBuckets(finalScrapes[2]))))
                / 3;
        double fleetMedian =
            prometheus.value("model:model_prediction_duration_seconds:p50_rate5m" + fleet);
        assertTrue(
            Math.abs(meanOfMedians - fleetMedian) > extrapolation * fleetMedian,
            "the mean of the replicas' medians "
                + meanOfMedians
                + " should differ from the fleet's "
                + fleetMedian);
        System.out.println("calls " + calls + ", fleet rate * 300 = " + rate * 300);

        // dashboards with the namespace and job variables: fleet and per-replica panels
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("namespace", NAMESPACE);
        variables.put("job", "modelwatch");
        variables.put("model", "wine");
        variables.put("feature", "alcohol");
        variables.put("instance", ".*");
        Map<String, List<Map<String, Object>>> panels = new TreeMap<>();
        for (DashboardQueries.Query query : DashboardQueries.all(root)) {
          panels.put(query.toString(), prometheus.query(query.expression(variables)));
        }
        for (String perReplica :
            List.of(
                "Request rate per replica", "Latency p99 per replica", "Error ratio per replica")) {
          assertEquals(
              3,
              panels.get("modelwatch-model.json panel '" + perReplica + "' A").size(),
              perReplica);
        }
        List<Map<String, Object>> fleetRate =
            panels.get("modelwatch-model.json panel 'Request rate (fleet)' A");
        assertEquals(1, fleetRate.size(), fleetRate.toString());
        assertEquals(NAMESPACE, labels(fleetRate.get(0)).get("namespace"));
        double fleetPsi =
            value(panels.get("modelwatch-model.json panel 'Fleet drift (1h): PSI, KS, JS' A"));
        assertEquals(
            prometheus.value("model_feature:model_feature_value:psi_fleet_1h{feature=\"alcohol\"}"),
            fleetPsi,
            TOLERANCE);
        assertEquals(List.of(), prometheus.unhealthyRules(), "rules that failed to evaluate");
      }
    } finally {
      for (AgentedServer replica : replicas) {
        if (replica != null) {
          replica.close();
        }
      }
    }
  }

  static TrafficResult send(
      AgentedServer replica,
      TrafficMode mode,
      List<String> drifted,
      double shift,
      int rows,
      long seed)
      throws InterruptedException {
    TrafficGenerator.Options options =
        new TrafficGenerator.Options()
            .port(replica.appPort())
            .mode(mode)
            .rows(rows)
            .seed(seed)
            .threads(4)
            .batch(25)
            .recordExchanges(true);
    if (mode == TrafficMode.DATA_DRIFT) {
      options.driftFeatures(drifted).shift(shift);
    }
    TrafficResult result = TrafficGenerator.run(options);
    assertEquals(result.requestsSent(), result.ok(), "every request answered 200");
    return result;
  }

  /** Every row of the requests in {@code first} and {@code second}, as the model saw them. */
  static List<float[]> rows(List<TrafficResult> first, List<TrafficResult> second) {
    List<float[]> rows = new ArrayList<>();
    List<TrafficResult> results = new ArrayList<>(first);
    results.addAll(second);
    for (TrafficResult result : results) {
      for (TrafficResult.Exchange exchange : result.exchanges()) {
        for (String line : exchange.body.split("\n")) {
          if (line.isBlank()) {
            continue;
          }
          String[] fields = line.split(",", -1);
          float[] row = new float[fields.length];
          for (int i = 0; i < fields.length; i++) {
            row[i] = Float.parseFloat(fields[i]);
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }

  /** One column of the rows, widened to double as the agent records it. */
  static double[] column(List<float[]> rows, int index) {
    double[] values = new double[rows.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = rows.get(i)[index];
    }
    return values;
  }

  /**
   * Counts per bin with Prometheus le semantics: bin i holds edges[i-1] < v <= edges[i], the last v
   * > every edge.
   */
  static long[] bin(double[] edges, double[] values) {
    long[] counts = new long[edges.length + 1];
    for (double v : values) {
      int b = 0;
      while (b < edges.length && v > edges[b]) {
        b++;
      }
      counts[b]++;
    }
    return counts;
  }

  static long[] cumulative(long[] counts) {
    long[] cumulative = counts.clone();
    for (int i = 1; i < cumulative.length; i++) {
      cumulative[i] += cumulative[i - 1];
    }
    return cumulative;
  }

  /** The le labels of the edges as a histogram prints them, then +Inf. */
  static List<String> leLabels(double[] edges) {
    List<String> les = new ArrayList<>();
    for (double edge : edges) {
      les.add(Double.toString(edge));
    }
    les.add("+Inf");
    return les;
  }

  /**
   * PSI as the README defines it: bins empty on both sides left out, shares below 1e-4 raised to
   * 1e-4 and renormalised, then the sum of (a - e) ln(a / e).
   */
  static double psi(double[] shares, long[] counts) {
    double n = 0;
    for (long count : counts) {
      n += count;
    }
    double baselineSum = 0;
    double liveSum = 0;
    for (int i = 0; i < counts.length; i++) {
      if (shares[i] > 0 || counts[i] > 0) {
        baselineSum += Math.max(shares[i], 1e-4);
        liveSum += Math.max(counts[i] / n, 1e-4);
      }
    }
    double psi = 0;
    for (int i = 0; i < counts.length; i++) {
      if (shares[i] > 0 || counts[i] > 0) {
        double e = Math.max(shares[i], 1e-4) / baselineSum;
        double a = Math.max(counts[i] / n, 1e-4) / liveSum;
        psi += (a - e) * Math.log(a / e);
      }
    }
    return psi;
  }

  /** The largest gap between the cumulative shares at the bins' upper edges. */
  static double ks(double[] shares, long[] counts) {
    double n = 0;
    for (long count : counts) {
      n += count;
    }
    double e = 0;
    double a = 0;
    double d = 0;
    for (int i = 0; i < counts.length; i++) {
      e += shares[i];
      a += counts[i] / n;
      d = Math.max(d, Math.abs(e - a));
    }
    return d;
  }

  /** Jensen-Shannon distance with logarithms base 2. */
  static double js(double[] shares, long[] counts) {
    double n = 0;
    for (long count : counts) {
      n += count;
    }
    double divergence = 0;
    for (int i = 0; i < counts.length; i++) {
      double p = shares[i];
      double q = counts[i] / n;
      double m = (p + q) / 2;
      if (p > 0) {
        divergence += 0.5 * p * Math.log(p / m);
      }
      if (q > 0) {
        divergence += 0.5 * q * Math.log(q / m);
      }
    }
    return Math.sqrt(Math.max(0, divergence / Math.log(2)));
  }

  /**
   * The q-quantile of cumulative bucket counts as Prometheus' histogram_quantile computes it:
   * linear interpolation inside the bucket that holds rank q * n (from 0 in the first bucket); the
   * highest finite bound when the rank falls into the +Inf bucket.
   */
  static double quantile(double q, TreeMap<Double, Double> cumulative) {
    List<Map.Entry<Double, Double>> buckets = new ArrayList<>(cumulative.entrySet());
    double rank = q * buckets.get(buckets.size() - 1).getValue();
    int b = 0;
    while (b < buckets.size() - 1 && buckets.get(b).getValue() < rank) {
      b++;
    }
    if (b == buckets.size() - 1) {
      return buckets.get(buckets.size() - 2).getKey();
    }
    double start = b == 0 ? 0 : buckets.get(b - 1).getKey();
    double below = b == 0 ? 0 : buckets.get(b - 1).getValue();
    double count = buckets.get(b).getValue() - below;
    return start + (buckets.get(b).getKey() - start) * ((rank - below) / count);
  }

  private static final Pattern LATENCY_BUCKET =
      Pattern.compile("(?m)^model_prediction_duration_seconds_bucket\\{([^}]*)\\} (\\S+)$");
  private static final Pattern LE = Pattern.compile("le=\"([^\"]*)\"");

  /** The wine model's latency buckets of one agent scrape: upper bound to cumulative count. */
  static Map<Double, Double> latencyBuckets(Scrape scrape) {
    Map<Double, Double> buckets = new TreeMap<>();
    Matcher line = LATENCY_BUCKET.matcher(scrape.text());
    while (line.find()) {
      if (!line.group(1).contains("model=\"wine\"")) {
        continue;
      }
      Matcher le = LE.matcher(line.group(1));
      assertTrue(le.find(), line.group());
      double bound =
          le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
      buckets.put(bound, Double.parseDouble(line.group(2)));
    }
    assertTrue(!buckets.isEmpty(), scrape.text());
    return buckets;
  }

  /** The edges and shares of every numeric feature of a baseline file, read as plain YAML. */
  @SuppressWarnings("unchecked")
  static Map<String, double[][]> readBaseline(Path file) throws IOException {
    Map<String, Object> yaml =
        new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
    Map<String, double[][]> numeric = new LinkedHashMap<>();
    for (Map.Entry<String, Object> feature :
        ((Map<String, Object>) yaml.get("features")).entrySet()) {
      Map<String, Object> column = (Map<String, Object>) feature.getValue();
      if ("numeric".equals(column.get("type"))) {
        numeric.put(
            feature.getKey(),
            new double[][] {
              doubles((List<Object>) column.get("edges")),
              doubles((List<Object>) column.get("shares"))
            });
      }
    }
    assertEquals(
        new TreeSet<>(NUMERIC), new TreeSet<>(numeric.keySet()), "numeric features of " + file);
    return numeric;
  }

  private static double[] doubles(List<Object> list) {
    double[] values = new double[list.size()];
    for (int i = 0; i < values.length; i++) {
      // a number YAML 1.1 does not read as a float (1.0E10) arrives as text
      values[i] = Double.parseDouble(String.valueOf(list.get(i)));
    }
    return values;
  }

  /** An instant query's series keyed by the values of {@code keyLabels}, joined by a space. */
  static Map<String, Double> values(PrometheusServer prometheus, String promql, String... keyLabels)
      throws IOException, InterruptedException {
    Map<String, Double> values = new TreeMap<>();
    for (Map<String, Object> series : prometheus.query(promql)) {
      List<String> key = new ArrayList<>();
      for (String label : keyLabels) {
        key.add(labels(series).get(label));
      }
      assertTrue(
          values.put(String.join(" ", key), value(List.of(series))) == null, promql + ": " + key);
    }
    return values;
  }

  @SuppressWarnings("unchecked")
  static Map<String, String> labels(Map<String, Object> series) {
    return (Map<String, String>) series.get("metric");
  }

  @SuppressWarnings("unchecked")
  static double value(List<Map<String, Object>> result) {
    assertEquals(1, result.size(), result.toString());
    return Double.parseDouble(((List<Object>) result.get(0).get("value")).get(1).toString());
  }

  static void assertBetween(double low, double high, double actual, String what) {
    double slack = 1e-9 * Math.max(1, Math.abs(high));
    assertTrue(
        actual >= low - slack && actual <= high + slack,
        what + ": " + actual + " is not within [" + low + ", " + high + "]");
  }

  interface Condition {
    boolean holds() throws Exception;
  }

  /** Polls {@code condition} until it holds (60 s at most). */
  static void await(PrometheusServer prometheus, String what, Condition condition)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 60 s for " + what + "\n" + prometheus.log());
      }
      Thread.sleep(200);
    }
  }

  /** Waits until the one series of {@code promql} has {@code expected} as its latest value. */
  static void awaitValue(PrometheusServer prometheus, String promql, double expected)
      throws Exception {
    await(
        prometheus,
        promql + " == " + expected,
        () -> {
          List<Map<String, Object>> result = prometheus.query(promql);
          return result.size() == 1 && value(result) == expected;
        });
  }
}
