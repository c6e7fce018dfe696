package dev.modelwatch.testapps.traffic;

import dev.modelwatch.testapps.data.WineData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends {@link WineData} rows to a model server's {@code POST /predict} and counts exactly what was
 * sent and answered ({@link TrafficResult}).
 *
 * <p>Traffic is deterministic for a seed whatever the thread count: request {@code k} carries rows
 * {@code k*batch ... k*batch+batch-1}, drawn from a random stream seeded by (seed, k). Requests go
 * out at {@code rate} rows per second overall (0 = as fast as possible).
 *
 * <p>Labels for a later feedback step: every row's label (the true relation, or the changed one in
 * {@link TrafficMode#CONCEPT_DRIFT}) is handed to a {@link LabelSink} as (row id, label), the row
 * id being its position in the traffic.
 *
 * <pre>
 * TrafficGenerator --url http://127.0.0.1:8080/predict [--mode normal|data-drift|prior-drift|
 *   concept-drift|corrupt|batch] [--rows N] [--rate R] [--threads T] [--seed S] [--batch B]
 *   [--models a,b,c] [--drift-features alcohol,pH] [--shift 2.0] [--high-share 0.8]
 *   [--corrupt-share 0.2] [--labels-out FILE] [--label-kind regression|classification]
 * </pre>
 *
 * It prints {@code PROGRESS ...} lines about once a second and one final {@code SUMMARY ...} line
 * ({@link TrafficResult#summaryLine()}).
 */
public final class TrafficGenerator {

  /** Receives one label per row; called from the sending threads. */
  @FunctionalInterface
  public interface LabelSink {
    void label(long rowId, String label);
  }

  /** Settings of one run. */
  public static final class Options {
    String url = "http://127.0.0.1:8080/predict";
    TrafficMode mode = TrafficMode.NORMAL;
    long rows = 1000;
    double rate;
    int threads = 1;
    long seed = 1;
    int batch = 1;
    boolean batchSet;
    List<String> models = Collections.emptyList();
    int[] driftFeatures = {WineData.ALCOHOL_INDEX};
    double shift = 2.0;
    double highShare = 0.8;
    double corruptShare = 0.2;
    boolean classificationLabels;
    boolean recordExchanges;
    PrintStream progress;

    /** The full predict URL, e.g. {@code http://127.0.0.1:8080/predict}. */
    public Options url(String url) {
      this.url = url;
      return this;
    }

    /** Convenience: {@code http://127.0.0.1:PORT/predict}. */
    public Options port(int port) {
      return url("http://127.0.0.1:" + port + "/predict");
    }

    public Options mode(TrafficMode mode) {
      this.mode = mode;
      return this;
    }

    public Options rows(long rows) {
      this.rows = rows;
      return this;
    }

    /** Rows per second over all threads; 0 = as fast as possible. */
    public Options rate(double rowsPerSecond) {
      this.rate = rowsPerSecond;
      return this;
    }

    public Options threads(int threads) {
      this.threads = threads;
      return this;
    }

    public Options seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Rows per request (default 1; 16 in {@link TrafficMode#BATCH}). */
    public Options batch(int batch) {
      this.batch = batch;
      this.batchSet = true;
      return this;
    }

    /**
     * Models of a multi-model server; request k goes to {@code models[k % n]} via {@code ?model=}.
     */
    public Options models(List<String> models) {
      this.models = new ArrayList<>(models);
      return this;
    }

    /** Features shifted in {@link TrafficMode#DATA_DRIFT}, by name. */
    public Options driftFeatures(List<String> names) {
      int[] idx = new int[names.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = WineData.indexOf(names.get(i));
      }
      this.driftFeatures = idx;
      return this;
    }

    /** Shift of drifted numeric features, in standard deviations. */
    public Options shift(double sigmas) {
      this.shift = sigmas;
      return this;
    }

    /**
     * Share of high-quality rows in {@link TrafficMode#PRIOR_DRIFT} (training share: about 0.15).
     */
    public Options highShare(double share) {
      this.highShare = share;
      return this;
    }

    /** Share of damaged rows in {@link TrafficMode#CORRUPT}. */
    public Options corruptShare(double share) {
      this.corruptShare = share;
      return this;
    }

    /** Labels as classes (low/medium/high) instead of quality numbers. */
    public Options classificationLabels(boolean on) {
      this.classificationLabels = on;
      return this;
    }

    /** Keep every request body and answer in the result (for tests). */
    public Options recordExchanges(boolean on) {
      this.recordExchanges = on;
      return this;
    }

    /** Where PROGRESS lines go; null = nowhere. */
    public Options progress(PrintStream out) {
      this.progress = out;
      return this;
    }

    int effectiveBatch() {
      return !batchSet && mode == TrafficMode.BATCH ? 16 : batch;
    }

    void validate() {
      StringBuilder problems = new StringBuilder();
      if (rows < 0) {
        problems.append("; rows must be >= 0, got ").append(rows);
      }
      if (rate < 0) {
        problems.append("; rate must be >= 0 rows/s, got ").append(rate);
      }
      if (threads < 1) {
        problems.append("; threads must be >= 1, got ").append(threads);
      }
      if (effectiveBatch() < 1) {
        problems.append("; batch must be >= 1, got ").append(batch);
      }
      if (highShare < 0 || highShare > 1) {
        problems.append("; high-share must be within [0,1], got ").append(highShare);
      }
      if (corruptShare < 0 || corruptShare > 1) {
        problems.append("; corrupt-share must be within [0,1], got ").append(corruptShare);
      }
      try {
        URI u = URI.create(url);
        if (!"http".equals(u.getScheme()) || u.getHost() == null) {
          problems
              .append("; url must be an http URL like http://127.0.0.1:8080/predict, got ")
              .append(url);
        }
      } catch (IllegalArgumentException e) {
        problems.append("; url is not a URL: ").append(url);
      }
      if (problems.length() > 0) {
        throw new IllegalArgumentException("invalid traffic options: " + problems.substring(2));
      }
    }
  }

  private static final String WRONG_TYPE = "abc";
  private static final int PRIOR_DRIFT_MAX_DRAWS = 10_000;

  private final Options options;
  private final LabelSink labels;
  private final HttpClient client;

  private TrafficGenerator(Options options, LabelSink labels) {
    this.options = options;
    this.labels = labels;
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /** Runs the traffic to completion; labels go to {@code labels} (may be null). */
  public static TrafficResult run(Options options, LabelSink labels) throws InterruptedException {
    options.validate();
    return new TrafficGenerator(options, labels).run();
  }

  public static TrafficResult run(Options options) throws InterruptedException {
    return run(options, null);
  }

  private TrafficResult run() throws InterruptedException {
    int batch = options.effectiveBatch();
    long requests = (options.rows + batch - 1) / batch;
    TrafficResult.Tally total = new TrafficResult.Tally();
    Map<String, TrafficResult.Tally> perModel = new LinkedHashMap<>();
    for (String m : options.models) {
      perModel.put(m, new TrafficResult.Tally());
    }
    List<TrafficResult.Exchange> exchanges = Collections.synchronizedList(new ArrayList<>());
    AtomicLong next = new AtomicLong();
    AtomicLong labelCount = new AtomicLong();
    long start = System.nanoTime();

    Thread progress = null;
    if (options.progress != null) {
      progress =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Thread.sleep(1000);
                    printProgress(total);
                  }
                } catch (InterruptedException e) {
                  // run finished
                }
              },
              "traffic-progress");
      progress.setDaemon(true);
      progress.start();
    }

    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < options.threads; t++) {
      Thread w =
          new Thread(
              () -> {
                long k;
                while ((k = next.getAndIncrement()) < requests) {
                  long firstRow = k * batch;
                  int n = (int) Math.min(batch, options.rows - firstRow);
                  pace(start, firstRow);
                  send(k, firstRow, n, total, perModel, exchanges, labelCount);
                }
              },
              "traffic-" + t);
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    if (progress != null) {
      progress.interrupt();
      printProgress(total);
    }
    List<TrafficResult.Exchange> sorted = new ArrayList<>(exchanges);
    sorted.sort((a, b) -> Long.compare(a.firstRowId, b.firstRowId));
    return new TrafficResult(total, perModel, sorted, labelCount.get());
  }

  private void printProgress(TrafficResult.Tally t) {
    long rows = 0;
    long reqs = 0;
    for (TrafficResult.Outcome o : TrafficResult.Outcome.values()) {
      rows += t.rows(o);
      reqs += t.requests(o);
    }
    options.progress.println(
        "PROGRESS phase="
            + options.mode.cliName()
            + " rows_sent="
            + rows
            + " requests_sent="
            + reqs
            + " status_200="
            + t.requests(TrafficResult.Outcome.OK)
            + " status_500="
            + t.requests(TrafficResult.Outcome.FAILED)
            + " status_400="
            + t.requests(TrafficResult.Outcome.REJECTED));
    options.progress.flush();
  }

  /** Waits until the first row of a request is due at the configured rate. */
  private void pace(long start, long firstRow) {
    if (options.rate <= 0) {
      return;
    }
    long due = start + (long) (firstRow / options.rate * 1e9);
    long wait;
    while ((wait = due - System.nanoTime()) > 0) {
      try {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void send(
      long k,
      long firstRow,
      int n,
      TrafficResult.Tally total,
      Map<String, TrafficResult.Tally> perModel,
      List<TrafficResult.Exchange> exchanges,
      AtomicLong labelCount) {
    SplittableRandom random = new SplittableRandom(options.seed * 0x9E3779B97F4A7C15L + k);
    WineData data = new WineData(random);
    long[] missing = new long[WineData.COLUMNS];
    long[] invalid = new long[WineData.COLUMNS];
    long[] corrupted = new long[Corruption.values().length];
    String[] labelsOfRows = new String[n];
    StringBuilder body = new StringBuilder(n * 110);
    for (int j = 0; j < n; j++) {
      float[] row = nextRow(data);
      double quality =
          options.mode == TrafficMode.CONCEPT_DRIFT ? data.driftedQuality(row) : data.quality(row);
      labelsOfRows[j] =
          options.classificationLabels ? WineData.qualityClass(quality) : Double.toString(quality);
      String[] fields = WineData.formatRow(row).split(",", -1);
      if (options.mode == TrafficMode.CORRUPT && random.nextDouble() < options.corruptShare) {
        Corruption c = Corruption.values()[random.nextInt(Corruption.values().length)];
        corrupted[c.ordinal()]++;
        fields = corrupt(fields, c, random);
      }
      for (int i = 0; i < WineData.COLUMNS; i++) {
        if (i >= fields.length || fields[i].isEmpty() || fields[i].equals("NaN")) {
          missing[i]++;
        } else if (fields[i].equals(WRONG_TYPE)) {
          invalid[i]++;
        }
      }
      body.append(String.join(",", fields)).append('\n');
    }
    String model =
        options.models.isEmpty() ? null : options.models.get((int) (k % options.models.size()));
    String url = model == null ? options.url : withModel(options.url, model);
    int status;
    String response;
    try {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(Duration.ofSeconds(60))
              .header("Content-Type", "text/plain; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8))
              .build();
      HttpResponse<String> r =
          client.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      status = r.statusCode();
      response = r.body();
    } catch (IOException | RuntimeException e) {
      status = -1;
      response = e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = -1;
      response = e.toString();
    }
    TrafficResult.Outcome outcome = TrafficResult.Outcome.of(status);
    total.add(outcome, n, missing, invalid, corrupted);
    if (model != null) {
      perModel.get(model).add(outcome, n, missing, invalid, corrupted);
    }
    if (options.recordExchanges) {
      exchanges.add(new TrafficResult.Exchange(model, firstRow, body.toString(), status, response));
    }
    if (labels != null) {
      for (int j = 0; j < n; j++) {
        labels.label(firstRow + j, labelsOfRows[j]);
      }
      labelCount.addAndGet(n);
    }
  }

  private float[] nextRow(WineData data) {
    switch (options.mode) {
      case DATA_DRIFT:
        {
          float[] row = data.nextRow();
          for (int f : options.driftFeatures) {
            if (f == WineData.COLOR_INDEX) {
              // categorical: the white share flips from P_WHITE to 1 - P_WHITE
              row[f] = data.random().nextDouble() < 1 - WineData.P_WHITE ? 1f : 0f;
            } else {
              row[f] = (float) (row[f] + options.shift * WineData.sigma(f));
            }
          }
          return row;
        }
      case PRIOR_DRIFT:
        {
          boolean wantHigh = data.random().nextDouble() < options.highShare;
          float[] row = data.nextRow();
          for (int i = 0;
              i < PRIOR_DRIFT_MAX_DRAWS
                  && "high".equals(WineData.qualityClass(WineData.score(row))) != wantHigh;
              i++) {
            row = data.nextRow();
          }
          return row;
        }
      default:
        return data.nextRow();
    }
  }

  private static String[] corrupt(String[] fields, Corruption c, SplittableRandom random) {
    int f = random.nextInt(fields.length);
    switch (c) {
      case NAN:
        fields[f] = "NaN";
        return fields;
      case EMPTY:
        fields[f] = "";
        return fields;
      case WRONG_TYPE:
        fields[f] = WRONG_TYPE;
        return fields;
      case SHORT:
        return Arrays.copyOf(fields, fields.length - 1 - random.nextInt(3));
      default:
        throw new IllegalStateException(c.name());
    }
  }

  private static String withModel(String url, String model) {
    return url
        + (url.contains("?") ? "&" : "?")
        + "model="
        + URLEncoder.encode(model, StandardCharsets.UTF_8);
  }

  public static void main(String[] args) throws Exception {
    Options o = new Options().progress(System.out);
    Path labelsOut = null;
    String usage =
        "usage: TrafficGenerator --url URL [--mode normal|data-drift|prior-drift|concept-drift|corrupt|batch]"
            + " [--rows N] [--rate ROWS_PER_S] [--threads T] [--seed S] [--batch B] [--models a,b]"
            + " [--drift-features alcohol,pH] [--shift SIGMAS] [--high-share F] [--corrupt-share F]"
            + " [--labels-out FILE] [--label-kind regression|classification]";
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("option " + a + " needs a value; " + usage);
      }
      String v = args[++i];
      switch (a) {
        case "--url":
          o.url(v);
          break;
        case "--mode":
          o.mode(TrafficMode.parse(v));
          break;
        case "--rows":
          o.rows(Long.parseLong(v));
          break;
        case "--rate":
          o.rate(Double.parseDouble(v));
          break;
        case "--threads":
          o.threads(Integer.parseInt(v));
          break;
        case "--seed":
          o.seed(Long.parseLong(v));
          break;
        case "--batch":
          o.batch(Integer.parseInt(v));
          break;
        case "--models":
          o.models(Arrays.asList(v.split(",")));
          break;
        case "--drift-features":
          o.driftFeatures(Arrays.asList(v.split(",")));
          break;
        case "--shift":
          o.shift(Double.parseDouble(v));
          break;
        case "--high-share":
          o.highShare(Double.parseDouble(v));
          break;
        case "--corrupt-share":
          o.corruptShare(Double.parseDouble(v));
          break;
        case "--labels-out":
          labelsOut = Path.of(v);
          break;
        case "--label-kind":
          if (!v.equals("regression") && !v.equals("classification")) {
            throw new IllegalArgumentException(
                "--label-kind must be regression or classification, got '" + v + "'");
          }
          o.classificationLabels(v.equals("classification"));
          break;
        default:
          throw new IllegalArgumentException("unknown option '" + a + "'; " + usage);
      }
    }
    TrafficResult result;
    if (labelsOut != null) {
      Path labelsFile = labelsOut;
      try (BufferedWriter w = Files.newBufferedWriter(labelsFile, StandardCharsets.UTF_8)) {
        result =
            run(
                o,
                (id, label) -> {
                  synchronized (w) {
                    try {
                      w.write(id + "," + label + "\n");
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(
                          "cannot write labels to " + labelsFile, e);
                    }
                  }
                });
      }
    } else {
      result = run(o);
    }
    System.out.println(result.summaryLine());
  }
}
