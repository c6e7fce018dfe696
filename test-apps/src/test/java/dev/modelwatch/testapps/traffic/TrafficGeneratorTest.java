package dev.modelwatch.testapps.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.data.WineData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives a real {@link ModelHttpServer} whose model records every row it is given and rejects short
 * rows (as ONNX Runtime does), and checks the generator's counts against what the server received
 * and against counts recomputed from the request bodies.
 */
class TrafficGeneratorTest {

  private final List<String[]> received = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger calls = new AtomicInteger();
  private ModelHttpServer server;

  @BeforeEach
  void startServer() throws Exception {
    RowPredictor recording =
        rows -> {
          calls.incrementAndGet();
          for (String[] r : rows) {
            if (r.length != WineData.COLUMNS) {
              throw new IllegalArgumentException("expected 12 values, got " + r.length);
            }
          }
          received.addAll(rows);
          List<String> out = new ArrayList<>();
          for (int i = 0; i < rows.size(); i++) {
            out.add("0");
          }
          return out;
        };
    server = ModelHttpServer.single(0, 4, "m", recording);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private TrafficGenerator.Options options() {
    return new TrafficGenerator.Options().port(server.port()).recordExchanges(true);
  }

  @Test
  void normalTrafficIsCountedExactlyAndLabelsEveryRowOnce() throws Exception {
    Map<Long, String> labels = new ConcurrentHashMap<>();
    AtomicInteger duplicates = new AtomicInteger();
    TrafficResult r =
        TrafficGenerator.run(
            options().rows(500).threads(4).seed(7),
            (id, label) -> {
              if (labels.put(id, label) != null) {
                duplicates.incrementAndGet();
              }
            });
    assertEquals(500, r.rowsSent());
    assertEquals(500, r.requestsSent());
    assertEquals(500, r.ok());
    assertEquals(0, r.failed() + r.rejected() + r.requests(TrafficResult.Outcome.OTHER));
    assertEquals(500, received.size());
    assertEquals(500, calls.get());
    assertEquals(500, r.labels());
    assertEquals(0, duplicates.get());
    for (long id = 0; id < 500; id++) {
      double q = Double.parseDouble(labels.get(id));
      assertTrue(q > 2 && q < 10, "label " + q);
    }
    for (int f = 0; f < WineData.COLUMNS; f++) {
      assertEquals(0, r.missing(f));
    }
    assertTrue(
        r.summaryLine()
            .startsWith(
                "SUMMARY rows_sent=500 requests_sent=500 status_200=500 status_500=0 status_400=0 other=0"),
        r.summaryLine());
  }

  @Test
  void trafficDependsOnTheSeedOnlyNotOnThreads() throws Exception {
    TrafficResult one = TrafficGenerator.run(options().rows(64).threads(1).seed(5).batch(4));
    TrafficResult four = TrafficGenerator.run(options().rows(64).threads(4).seed(5).batch(4));
    TrafficResult other = TrafficGenerator.run(options().rows(64).threads(1).seed(6).batch(4));
    assertEquals(16, one.exchanges().size());
    for (int i = 0; i < 16; i++) {
      assertEquals(one.exchanges().get(i).body, four.exchanges().get(i).body);
      assertEquals(4L * i, four.exchanges().get(i).firstRowId);
    }
    assertTrue(!one.exchanges().get(0).body.equals(other.exchanges().get(0).body));
  }

  @Test
  void batchModeSendsSixteenRowsPerRequestAndTheRemainderLast() throws Exception {
    TrafficResult r = TrafficGenerator.run(options().mode(TrafficMode.BATCH).rows(100).threads(2));
    assertEquals(7, r.requestsSent());
    assertEquals(7, r.ok());
    assertEquals(100, r.rows(TrafficResult.Outcome.OK));
    assertEquals(7, calls.get());
    assertEquals(100, received.size());
    assertEquals(16, r.exchanges().get(0).body.split("\n").length);
    assertEquals(4, r.exchanges().get(6).body.split("\n").length);
    assertEquals(16, r.exchanges().get(0).response.split("\n").length);
  }

  @Test
  void corruptTrafficCountsMatchTheBodiesAndTheServer() throws Exception {
    TrafficResult r =
        TrafficGenerator.run(
            options()
                .mode(TrafficMode.CORRUPT)
                .corruptShare(0.3)
                .rows(1200)
                .batch(3)
                .threads(3)
                .seed(21));
    long ok = 0;
    long failed = 0;
    long rejected = 0;
    long[] missing = new long[WineData.COLUMNS];
    long[] invalid = new long[WineData.COLUMNS];
    long damaged = 0;
    for (TrafficResult.Exchange e : r.exchanges()) {
      boolean wrongType = false;
      boolean shortRow = false;
      for (String line : e.body.split("\n")) {
        String[] f = line.split(",", -1);
        boolean rowDamaged = f.length < 12;
        shortRow |= f.length < 12;
        for (int i = 0; i < 12; i++) {
          if (i >= f.length || f[i].isEmpty() || f[i].equals("NaN")) {
            missing[i]++;
            rowDamaged = true;
          } else if (f[i].equals("abc")) {
            invalid[i]++;
            wrongType = true;
            rowDamaged = true;
          }
        }
        damaged += rowDamaged ? 1 : 0;
      }
      int expected = wrongType ? 400 : shortRow ? 500 : 200;
      assertEquals(expected, e.status, e.body);
      if (expected == 200) {
        ok++;
      } else if (expected == 500) {
        failed++;
        assertTrue(
            e.response.startsWith("java.lang.IllegalArgumentException: expected 12 values"),
            e.response);
      } else {
        rejected++;
        assertTrue(e.response.contains("'abc' is not a number"), e.response);
      }
    }
    assertEquals(400, r.requestsSent());
    assertEquals(ok, r.ok());
    assertEquals(failed, r.failed());
    assertEquals(rejected, r.rejected());
    assertTrue(ok > 0 && failed > 0 && rejected > 0);
    assertEquals(ok + failed, calls.get());
    assertEquals(3 * ok, received.size());
    long corrupted = 0;
    for (Corruption c : Corruption.values()) {
      corrupted += r.corrupted(c);
      assertTrue(r.corrupted(c) > 0, c.name());
    }
    assertEquals(damaged, corrupted);
    // 1200 rows at share 0.3: 360 expected, sd about 16
    assertTrue(corrupted > 280 && corrupted < 440, "corrupted " + corrupted);
    for (int i = 0; i < WineData.COLUMNS; i++) {
      assertEquals(missing[i], r.missing(i), WineData.FEATURE_NAMES.get(i));
      assertEquals(invalid[i], r.invalid(i), WineData.FEATURE_NAMES.get(i));
      assertEquals(
          r.missing(i),
          r.missing(i, TrafficResult.Outcome.OK)
              + r.missing(i, TrafficResult.Outcome.FAILED)
              + r.missing(i, TrafficResult.Outcome.REJECTED));
    }
  }

  @Test
  void dataDriftShiftsTheChosenFeaturesBySigmas() throws Exception {
    int n = 4000;
    TrafficGenerator.run(
        options()
            .mode(TrafficMode.DATA_DRIFT)
            .driftFeatures(List.of("alcohol", "pH", "color"))
            .shift(2.0)
            .rows(n)
            .batch(50)
            .threads(4));
    double[] sum = new double[WineData.COLUMNS];
    for (String[] row : received) {
      for (int i = 0; i < WineData.COLUMNS; i++) {
        sum[i] += Double.parseDouble(row[i]);
      }
    }
    for (int i = 0; i < WineData.NUMERIC_FEATURES; i++) {
      double shift =
          (i == WineData.ALCOHOL_INDEX || i == WineData.PH_INDEX) ? 2.0 * WineData.sigma(i) : 0;
      double se = WineData.sigma(i) / Math.sqrt(n);
      assertEquals(WineData.mean(i) + shift, sum[i] / n, 5 * se, WineData.FEATURE_NAMES.get(i));
    }
    assertEquals(0.25, sum[WineData.COLOR_INDEX] / n, 5 * Math.sqrt(0.25 * 0.75 / n));
  }

  @Test
  void priorDriftMakesMostRowsHighQuality() throws Exception {
    int n = 2000;
    TrafficGenerator.run(
        options().mode(TrafficMode.PRIOR_DRIFT).highShare(0.8).rows(n).batch(20).threads(2));
    int high = 0;
    for (String[] f : received) {
      double score = WineData.INTERCEPT;
      for (int i = 0; i < WineData.COLUMNS; i++) {
        score += WineData.weight(i) * Double.parseDouble(f[i]);
      }
      high += score >= WineData.HIGH_FROM ? 1 : 0;
    }
    assertEquals(0.8, high / (double) n, 5 * Math.sqrt(0.8 * 0.2 / n));
  }

  @Test
  void conceptDriftLabelsFollowTheChangedRelation() throws Exception {
    Map<Long, String> labels = new ConcurrentHashMap<>();
    TrafficResult r =
        TrafficGenerator.run(
            options().mode(TrafficMode.CONCEPT_DRIFT).rows(2000).batch(10),
            (id, label) -> labels.put(id, label));
    double sumOld = 0;
    double sumNew = 0;
    int n = 0;
    for (TrafficResult.Exchange e : r.exchanges()) {
      String[] lines = e.body.split("\n");
      for (int j = 0; j < lines.length; j++) {
        float[] row = WireFormat.toFloats(lines[j].split(","));
        double label = Double.parseDouble(labels.get(e.firstRowId + j));
        // the changed relation: alcohol weight -0.40 instead of 0.40, intercept moved by 0.8*10.4
        double changed = WineData.score(row) - 0.8 * row[WineData.ALCOHOL_INDEX] + 0.8 * 10.4;
        sumNew += (label - changed) * (label - changed);
        sumOld += (label - WineData.score(row)) * (label - WineData.score(row));
        n++;
      }
    }
    assertEquals(2000, n);
    assertEquals(0.25, Math.sqrt(sumNew / n), 0.02);
    // under the old relation the residual also carries 0.8 * (alcohol - 10.4): sd about 0.92
    assertTrue(Math.sqrt(sumOld / n) > 0.8, "old-relation residual " + Math.sqrt(sumOld / n));
  }

  @Test
  void multiModelTrafficGoesRoundRobinAndIsCountedPerModel() throws Exception {
    server.close();
    RowPredictor echo = rows -> Collections.nCopies(rows.size(), "1");
    server = new ModelHttpServer(0, 4, Map.of("a", echo, "b", echo, "c", echo), "a");
    server.start();
    TrafficResult r =
        TrafficGenerator.run(
            options().models(List.of("a", "b", "c")).rows(100).batch(3).threads(3));
    assertEquals(34, r.requestsSent());
    assertEquals(12, r.forModel("a").requestsSent());
    assertEquals(11, r.forModel("b").requestsSent());
    assertEquals(11, r.forModel("c").requestsSent());
    assertEquals(
        100, r.forModel("a").rowsSent() + r.forModel("b").rowsSent() + r.forModel("c").rowsSent());
    assertEquals(34, r.forModel("a").rowsSent());
    assertEquals(0, r.forModel("zzz").requestsSent());
  }

  @Test
  void commandLineWritesLabelsAndPrintsTheSummary(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path labels = dir.resolve("labels.csv");
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    System.setOut(new java.io.PrintStream(captured, true, "UTF-8"));
    try {
      TrafficGenerator.main(
          new String[] {
            "--url",
            "http://127.0.0.1:" + server.port() + "/predict",
            "--mode",
            "concept-drift",
            "--rows",
            "50",
            "--batch",
            "5",
            "--threads",
            "2",
            "--labels-out",
            labels.toString(),
            "--label-kind",
            "classification"
          });
    } finally {
      System.setOut(original);
    }
    String out = captured.toString("UTF-8");
    String last = out.trim().substring(out.trim().lastIndexOf('\n') + 1);
    assertTrue(
        last.startsWith(
            "SUMMARY rows_sent=50 requests_sent=10 status_200=10 status_500=0 status_400=0 other=0"),
        out);
    List<String> lines = java.nio.file.Files.readAllLines(labels);
    assertEquals(50, lines.size());
    java.util.Set<Long> ids = new java.util.TreeSet<>();
    for (String line : lines) {
      String[] kv = line.split(",");
      ids.add(Long.parseLong(kv[0]));
      assertTrue(List.of("low", "medium", "high").contains(kv[1]), line);
    }
    assertEquals(50, ids.size());
    assertEquals(0L, ids.iterator().next());
    assertEquals(50, received.size());
  }

  @Test
  void invalidOptionsAreAllReported() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () ->
                TrafficGenerator.run(
                    new TrafficGenerator.Options().url("ftp://x").threads(0).highShare(2)));
    assertTrue(e.getMessage().contains("threads must be >= 1"), e.getMessage());
    assertTrue(e.getMessage().contains("high-share must be within [0,1]"), e.getMessage());
    assertTrue(e.getMessage().contains("url must be an http URL"), e.getMessage());
  }
}
