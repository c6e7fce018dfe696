package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelwatch.testapps.traffic.TrafficGenerator;
import dev.modelwatch.testapps.traffic.TrafficMode;
import dev.modelwatch.testapps.traffic.TrafficResult;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payload capture in a forked server under load from several threads: the files hold exactly the
 * calls sent (values, prediction ids and keyed hashes computed here from what was sent), a
 * fractional sample captures a binomial share of them, files rotate at {@code max_file} and never
 * exceed {@code max_files}, an unwritable path is said once and counted while every call still
 * answers 200, and the {@code baseline} command makes the same baseline from capture files as from
 * the equivalent CSV.
 */
class PayloadCaptureTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "capture-test-key-0123456789abcdef";
  private static final Pattern FILE_NAME =
      Pattern.compile("wine-\\d{8}-\\d{6}-\\d{3}-\\d{6}\\.jsonl");
  private static final int THREADS = 4;

  private static String config(String capture) {
    return String.join(
        "\n",
        "models:",
        "  - name: wine",
        "    intercept: {class: dev.modelwatch.testapps.plain.LinearWineModel, method: predict}",
        "    features:",
        "      - {name: alcohol, index: 10}",
        "      - {name: pH, index: 8}",
        "      - {name: color, kind: categorical, index: 11}",
        "    outputs:",
        "      - {name: quality, kind: regression}",
        "    prediction_id: {hash: features}",
        "    capture: " + capture,
        "");
  }

  /** One row sent: its values as the model receives them (floats), and the answer. */
  static final class Sent {
    final float alcohol;
    final float ph;
    final int color;
    volatile float quality;

    Sent(int i) {
      alcohol = 8 + i * 0.001f;
      ph = 2.9f + (i % 97) * 0.01f;
      color = i % 3 == 0 ? 1 : 0;
    }

    String body() {
      return String.format(
          Locale.ROOT,
          "7.4,0.7,0,1.9,0.076,11,34,0.9978,%s,0.56,%s,%d",
          Float.toString(ph),
          Float.toString(alcohol),
          color);
    }
  }

  @Test
  void everyCallIsCapturedWithItsValuesIdAndRedactedHash(@TempDir Path dir) throws Exception {
    Path captures = dir.resolve("capture");
    int calls = 600;
    Instant before = Instant.now().minusMillis(1);
    Map<Double, Sent> sent;
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            config(
                "{sample: 1.0, path: "
                    + captures
                    + ", redact: [pH], redact_key_env: MW_CAPTURE_KEY}"),
            List.of("--port", "0"),
            List.of(),
            Map.of("MW_CAPTURE_KEY", KEY))) {
      sent = send(app, calls);
      Scrape scrape = awaitHandled(app);
      assertEquals(calls, scrape.value("modelwatch_capture_sampled_total", "model", "wine"));
      assertEquals(calls, scrape.value("modelwatch_capture_written_total", "model", "wine"));
      assertEquals(
          0,
          scrape.value(
              "modelwatch_capture_dropped_total", "model", "wine", "reason", "queue_full"));
      assertEquals(
          0,
          scrape.value(
              "modelwatch_capture_dropped_total", "model", "wine", "reason", "write_failed"));
    }
    Instant after = Instant.now().plusMillis(1);
    List<JsonNode> lines = lines(captures);
    assertEquals(calls, lines.size());
    Map<Double, JsonNode> byAlcohol = new HashMap<>();
    for (JsonNode line : lines) {
      assertEquals(
          List.of("@timestamp", "@model", "@prediction_id", "alcohol", "pH", "color", "quality"),
          fieldNames(line));
      Instant time = Instant.parse(line.get("@timestamp").asText());
      assertFalse(time.isBefore(before) || time.isAfter(after), time.toString());
      assertEquals("wine", line.get("@model").asText());
      byAlcohol.put(line.get("alcohol").doubleValue(), line);
    }
    assertEquals(sent.keySet(), byAlcohol.keySet());
    for (Sent row : sent.values()) {
      JsonNode line = byAlcohol.get((double) row.alcohol);
      assertEquals(hmac(Double.toString(row.ph)), line.get("pH").asText());
      assertEquals(Integer.toString(row.color), line.get("color").asText());
      assertTrue(line.get("color").isTextual());
      assertEquals((double) row.quality, line.get("quality").doubleValue());
      assertEquals(featureHash(row), line.get("@prediction_id").asText());
    }

    // the baseline command reads the capture directory like the same rows written as CSV
    Path csv = dir.resolve("rows.csv");
    StringBuilder text = new StringBuilder("alcohol,color,quality\n");
    for (Sent row : sent.values()) {
      text.append((double) row.alcohol)
          .append(',')
          .append(row.color)
          .append(',')
          .append((double) row.quality)
          .append('\n');
    }
    Files.writeString(csv, text);
    String fromCapture = baseline(captures, dir.resolve("from-capture.yaml"));
    String fromCsv = baseline(csv, dir.resolve("from-csv.yaml"));
    assertEquals(fromCsv, fromCapture);
    assertTrue(fromCapture.contains("alcohol:"), fromCapture);
  }

  /**
   * Batch calls on the ONNX Runtime server: a call of 25 rows writes 25 lines, each with its
   * position in {@code @row}, the row's values as sent and the model's answer for that row.
   */
  @Test
  void aBatchCallWritesOneLinePerRowWithItsPosition(@TempDir Path dir) throws Exception {
    Path captures = dir.resolve("capture");
    int batch = 25;
    TrafficResult result;
    try (AgentedServer app =
        AgentedServer.start(
            OnnxServerAgentTest.MAIN,
            OnnxServerAgentTest.CONFIG + "    capture: {sample: 1.0, path: " + captures + "}\n",
            List.of("--model-dir", dir.toString()))) {
      result =
          TrafficGenerator.run(
              new TrafficGenerator.Options()
                  .port(app.appPort())
                  .mode(TrafficMode.BATCH)
                  .batch(batch)
                  .rows(200)
                  .threads(2)
                  .seed(21)
                  .recordExchanges(true));
      assertEquals(8, result.modelCalls(), result.summaryLine());
      Scrape scrape = awaitHandled(app);
      assertEquals(8, scrape.value("modelwatch_capture_sampled_total", "model", "wine"));
      assertEquals(8, scrape.value("modelwatch_capture_written_total", "model", "wine"));
      for (String stage :
          List.of(
              "config", "install", "transform", "enter", "exit", "created", "extract", "capture")) {
        assertEquals(
            0,
            scrape.value("modelwatch_agent_errors_total", "stage", stage),
            stage + "\n" + scrape.text());
      }
    }
    // what was sent and answered, row by row: position, alcohol, pH, color, quality
    List<String> expected = new ArrayList<>();
    for (TrafficResult.Exchange exchange : result.exchanges()) {
      assertEquals(200, exchange.status, exchange.response);
      String[] rows = exchange.body.split("\n");
      String[] answers = exchange.response.split("\n");
      assertEquals(batch, rows.length);
      assertEquals(batch, answers.length);
      for (int r = 0; r < rows.length; r++) {
        String[] values = rows[r].split(",");
        expected.add(
            r
                + " "
                + (double) Float.parseFloat(values[10])
                + " "
                + (double) Float.parseFloat(values[8])
                + " "
                + (int) Float.parseFloat(values[11])
                + " "
                + (double) Float.parseFloat(answers[r]));
      }
    }
    List<String> captured = new ArrayList<>();
    for (JsonNode line : lines(captures)) {
      assertEquals(
          List.of("@timestamp", "@model", "@row", "alcohol", "pH", "color", "quality"),
          fieldNames(line));
      captured.add(
          line.get("@row").intValue()
              + " "
              + line.get("alcohol").doubleValue()
              + " "
              + line.get("pH").doubleValue()
              + " "
              + line.get("color").asText()
              + " "
              + line.get("quality").doubleValue());
    }
    expected.sort(null);
    captured.sort(null);
    assertEquals(200, captured.size());
    assertEquals(expected, captured);
  }

  @Test
  void aFractionalSampleCapturesABinomialShareOfTheCallsSentAndRotates(@TempDir Path dir)
      throws Exception {
    Path captures = dir.resolve("capture");
    int calls = 3000;
    double sample = 0.2;
    int maxFile = 4096;
    int maxFiles = 3;
    AtomicInteger mostFilesSeen = new AtomicInteger();
    AtomicBoolean sending = new AtomicBoolean(true);
    Map<Double, Sent> sent;
    long written;
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            config(
                "{sample: "
                    + sample
                    + ", path: "
                    + captures
                    + ", max_file: 4KB, max_files: "
                    + maxFiles
                    + "}"),
            List.of("--port", "0"))) {
      Thread watcher =
          new Thread(
              () -> {
                while (sending.get()) {
                  mostFilesSeen.accumulateAndGet(countFiles(captures), Math::max);
                  LockSupport.parkNanos(1_000_000); // paces the listing; waits for nothing
                }
              });
      watcher.start();
      try {
        sent = send(app, calls);
      } finally {
        sending.set(false);
        watcher.join();
      }
      Scrape scrape = awaitHandled(app);
      written = (long) scrape.value("modelwatch_capture_written_total", "model", "wine");
      assertEquals(written, scrape.value("modelwatch_capture_sampled_total", "model", "wine"));
    }
    // 3000 draws at 0.2: mean 600, sd 21.9; outside 600 +- 6 sd with probability < 1e-8
    double sd = Math.sqrt(calls * sample * (1 - sample));
    assertTrue(Math.abs(written - calls * sample) < 6 * sd, "written " + written);
    assertTrue(mostFilesSeen.get() <= maxFiles, "files seen at once: " + mostFilesSeen.get());

    List<Path> files = files(captures);
    assertEquals(maxFiles, files.size(), files.toString());
    int longest = 0;
    for (Path file : files) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        longest = Math.max(longest, line.getBytes(StandardCharsets.UTF_8).length + 1);
      }
    }
    long lines = 0;
    for (int i = 0; i < files.size(); i++) {
      byte[] content = Files.readAllBytes(files.get(i));
      assertTrue(content.length <= maxFile, files.get(i) + ": " + content.length + " bytes");
      String[] fileLines = new String(content, StandardCharsets.UTF_8).split("\n");
      for (String line : fileLines) {
        JsonNode row = JSON.readTree(line);
        Sent was = sent.get(row.get("alcohol").doubleValue());
        assertTrue(was != null, "captured a row never sent: " + line);
        assertEquals((double) was.ph, row.get("pH").doubleValue());
        assertEquals(Integer.toString(was.color), row.get("color").asText());
        assertEquals((double) was.quality, row.get("quality").doubleValue());
      }
      lines += fileLines.length;
      if (i < files.size() - 1) {
        // a file is closed only when the next call's line would not fit
        assertTrue(
            content.length + longest > maxFile,
            files.get(i) + " closed early at " + content.length + " bytes");
      }
    }
    assertTrue(lines < written, "older files were deleted: " + lines + " of " + written);
  }

  @Test
  void anUnwritablePathIsSaidOnceAndCountedWhileEveryCallAnswers(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    Path captures = file.resolve("capture");
    int calls = 200;
    try (AgentedServer app =
        AgentedServer.start(
            MAIN, config("{sample: 1.0, path: " + captures + "}"), List.of("--port", "0"))) {
      send(app, calls);
      Scrape scrape = awaitHandled(app);
      assertEquals(calls, scrape.value("modelwatch_capture_sampled_total", "model", "wine"));
      assertEquals(0, scrape.value("modelwatch_capture_written_total", "model", "wine"));
      assertEquals(
          calls,
          scrape.value(
              "modelwatch_capture_dropped_total", "model", "wine", "reason", "write_failed"));
      assertTrue(scrape.value("modelwatch_agent_errors_total", "stage", "capture") >= 1);
      assertEquals(calls, scrape.value("model_predictions_total", "model", "wine"));
      String stderr = app.server().stderr();
      assertEquals(
          1, count(stderr, "model 'wine': cannot write capture files to " + captures), stderr);
    }
    assertTrue(Files.isRegularFile(file));
  }

  /**
   * Sends {@code calls} distinct rows from {@link #THREADS} threads; every answer must be 200.
   * Returns the rows by alcohol (as the double the model's float widens to).
   */
  private static Map<Double, Sent> send(AgentedServer app, int calls) throws Exception {
    Map<Double, Sent> sent = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i = next.getAndIncrement(); i < calls; i = next.getAndIncrement()) {
                    Sent row = new Sent(i);
                    HttpResponse<String> response =
                        Http.post(app.appPort(), "/predict", row.body());
                    assertEquals(200, response.statusCode(), response.body());
                    row.quality = Float.parseFloat(response.body().trim());
                    assertTrue(sent.put((double) row.alcohol, row) == null);
                  }
                  return null;
                }));
      }
      for (Future<?> future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(calls, sent.size());
    return sent;
  }

  /**
   * Waits until every call sampled for capture is written or dropped (every call has been answered,
   * so every sampled one has been counted); returns that scrape.
   */
  private static Scrape awaitHandled(AgentedServer app) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      Scrape scrape = app.scrape();
      double handled =
          scrape.value("modelwatch_capture_written_total", "model", "wine")
              + scrape.value(
                  "modelwatch_capture_dropped_total", "model", "wine", "reason", "queue_full")
              + scrape.value(
                  "modelwatch_capture_dropped_total", "model", "wine", "reason", "write_failed");
      if (handled == scrape.value("modelwatch_capture_sampled_total", "model", "wine")) {
        return scrape;
      }
      assertTrue(System.nanoTime() < deadline, "captured calls not handled: " + scrape.text());
    }
  }

  private static int countFiles(Path directory) {
    try (Stream<Path> entries = Files.list(directory)) {
      return (int) entries.count();
    } catch (IOException e) {
      return 0; // not created yet, or a file deleted while listed
    }
  }

  private static List<Path> files(Path directory) throws IOException {
    try (Stream<Path> entries = Files.list(directory)) {
      List<Path> files = entries.sorted().collect(Collectors.toList());
      for (Path file : files) {
        assertTrue(FILE_NAME.matcher(file.getFileName().toString()).matches(), file.toString());
      }
      return files;
    }
  }

  private static List<JsonNode> lines(Path directory) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    for (Path file : files(directory)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        lines.add(JSON.readTree(line));
      }
    }
    return lines;
  }

  private static List<String> fieldNames(JsonNode line) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = line.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  /** HMAC-SHA256 under the test's key, first 16 bytes in hex. */
  private static String hmac(String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    byte[] digest = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    StringBuilder hex = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      hex.append(String.format("%02x", digest[i]));
    }
    return hex.toString();
  }

  /** The documented feature hash: FNV-1a steps over the doubles the model received, in order. */
  private static String featureHash(Sent row) {
    long h = 0xcbf29ce484222325L;
    for (double value : new double[] {row.alcohol, row.ph, row.color}) {
      h = (h ^ Double.doubleToLongBits(value)) * 0x100000001b3L;
    }
    return String.format("%016x", h);
  }

  /** Runs the baseline command on {@code data}; the file it wrote without its time and source. */
  private static String baseline(Path data, Path out) throws Exception {
    CommandLineTest.Result result =
        CommandLineTest.run(
            "baseline",
            "--data",
            data.toString(),
            "--model",
            "wine",
            "--out",
            out.toString(),
            "--features",
            "alcohol,color",
            "--categorical",
            "color",
            "--outputs",
            "quality");
    assertEquals(0, result.exit, result.output);
    return Files.readAllLines(out).stream()
        .filter(line -> !line.startsWith("created_at:") && !line.startsWith("source:"))
        .collect(Collectors.joining("\n"));
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
