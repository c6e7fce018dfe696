package dev.modelwatch.testapps.isolation;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs fault-injection and cardinality scenarios against {@link FaultyModel} and {@link
 * CardinalityModel} in this JVM on request, and reports what every call returned or threw as sorted
 * {@code key=value} lines, so a test can compare a run with the agent against a run without it.
 * {@code GET /run?scenario=NAME&...}, {@code GET /heap} (used heap after full GCs).
 */
public final class ScenarioServer {
  /** Inputs of every kind the agent might meet, the huge ones allocated once. */
  static final List<Object> INPUTS = inputs();

  private final FaultyModel faulty = new FaultyModel();
  private final CardinalityModel cardinality = new CardinalityModel();

  public static void main(String[] args) throws Exception {
    int port = 0;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--port")) {
        port = Integer.parseInt(args[++i]);
      } else {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    ScenarioServer app = new ScenarioServer();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/run", app::handleRun);
    server.createContext("/heap", exchange -> respond(exchange, 200, usedHeapAfterGc() + "\n"));
    server.start();
    System.out.println("LISTENING " + server.getAddress().getPort());
    System.out.flush();
  }

  private static List<Object> inputs() {
    float[] huge = new float[5_000_000];
    huge[huge.length - 1] = 3;
    Map<String, Object> textValue = new HashMap<>();
    textValue.put("x", "SECRET-TEXT-VALUE-42");
    Map<String, Object> nullValue = new HashMap<>();
    nullValue.put("x", null);
    return Arrays.asList(
        null,
        "plain text",
        "early-1",
        "late-1",
        "checked-1",
        "error-1",
        "nested-1",
        huge,
        new Object[1_000_000],
        21,
        textValue,
        nullValue,
        List.of(1, 2, 3),
        new float[0],
        new Object(),
        new double[][] {{1.5}, {2.5}},
        new float[][] {null},
        Arrays.asList(null, null));
  }

  private void handleRun(HttpExchange exchange) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    try {
      Map<String, Object> report;
      switch (query.getOrDefault("scenario", "")) {
        case "faults":
          report =
              faults(
                  Integer.parseInt(query.get("calls")),
                  Integer.parseInt(query.getOrDefault("from", "0")));
          break;
        case "hammer":
          report =
              hammer(Integer.parseInt(query.get("threads")), Integer.parseInt(query.get("calls")));
          break;
        case "categories":
          report = categories(Integer.parseInt(query.get("n")));
          break;
        case "exceptions":
          report =
              exceptions(Integer.parseInt(query.get("classes")), Integer.parseInt(query.get("n")));
          break;
        default:
          respond(exchange, 404, "unknown scenario\n");
          return;
      }
      StringBuilder out = new StringBuilder();
      new TreeMap<>(report).forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
      respond(exchange, 200, out.toString());
    } catch (Exception | Error e) {
      respond(exchange, 500, e + "\n");
    }
  }

  /**
   * One thread through the inputs (starting at input {@code from}); a digest of every outcome in
   * order.
   */
  private Map<String, Object> faults(int calls, int from) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    Map<String, Object> report = new LinkedHashMap<>();
    for (int i = 0; i < calls; i++) {
      String outcome = call(INPUTS.get((from + i) % INPUTS.size()));
      digest.update(outcome.getBytes(StandardCharsets.UTF_8));
      count(report, outcome.substring(0, outcome.indexOf(':', outcome.indexOf(':') + 1)));
    }
    report.put("calls", calls);
    report.put("digest", hex(digest.digest()));
    return report;
  }

  /** {@code threads} threads calling at once; outcome counts and a sum of the results. */
  private Map<String, Object> hammer(int threads, int calls) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<Map<String, Object>>> results = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int offset = t;
      results.add(
          pool.submit(
              () -> {
                Map<String, Object> counts = new HashMap<>();
                for (int i = 0; i < calls; i++) {
                  String outcome = call(INPUTS.get((i + offset) % INPUTS.size()));
                  count(
                      counts, outcome.substring(0, outcome.indexOf(':', outcome.indexOf(':') + 1)));
                }
                return counts;
              }));
    }
    Map<String, Object> report = new HashMap<>();
    for (Future<Map<String, Object>> result : results) {
      result.get().forEach((k, v) -> report.merge(k, v, (a, b) -> (Long) a + (Long) b));
    }
    pool.shutdown();
    report.put("calls", (long) threads * calls);
    return report;
  }

  /** {@code n} calls, each with a new category and so a new predicted class. */
  private Map<String, Object> categories(int n) {
    Map<String, Object> row = new HashMap<>();
    long length = 0;
    for (int i = 0; i < n; i++) {
      row.put("category", "category-" + i);
      length += cardinality.classify(row).length();
    }
    Map<String, Object> report = new HashMap<>();
    report.put("calls", n);
    report.put("resultLength", length);
    return report;
  }

  /**
   * {@code n} failing calls cycling through {@code classes} distinct exception classes, each with
   * its own message.
   */
  private Map<String, Object> exceptions(int classes, int n) throws Exception {
    Constructor<? extends RuntimeException>[] types = ExceptionClasses.define(classes);
    long caught = 0;
    for (int i = 0; i < n; i++) {
      RuntimeException thrown = types[i % classes].newInstance("distinct message " + i);
      try {
        cardinality.fail(thrown);
      } catch (RuntimeException e) {
        caught += e == thrown ? 1 : 0;
      }
    }
    Map<String, Object> report = new HashMap<>();
    report.put("calls", n);
    report.put("caughtIdentical", caught);
    return report;
  }

  /** What one call returned or threw, and whether the thrown object is the one the model threw. */
  private String call(Object input) {
    try {
      return "ok:" + kind(input) + ":" + faulty.score(input);
    } catch (Throwable t) {
      StackTraceElement[] trace = t.getStackTrace();
      return "thrown:"
          + t.getClass().getName()
          + ":"
          + t.getMessage()
          + ":identical="
          + (t == FaultyModel.lastThrown())
          + ":at="
          + (trace.length > 0 ? trace[0] : "none")
          + ":frames="
          + trace.length;
    }
  }

  private static String kind(Object input) {
    return input == null ? "null" : input.getClass().getSimpleName();
  }

  private static void count(Map<String, Object> counts, String key) {
    counts.merge(key, 1L, (a, b) -> (Long) a + (Long) b);
  }

  static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%02x", b));
    }
    return out.toString();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return query;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
