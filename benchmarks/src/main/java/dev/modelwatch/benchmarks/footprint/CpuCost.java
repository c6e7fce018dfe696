package dev.modelwatch.benchmarks.footprint;

import dev.modelwatch.benchmarks.AgentConfigs;
import dev.modelwatch.benchmarks.HandWrittenMetrics;
import dev.modelwatch.benchmarks.models.LinearModel;
import dev.modelwatch.benchmarks.models.MlpModel;
import dev.modelwatch.benchmarks.models.Rows;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU time per call of the calling thread ({@link ThreadMXBean#getCurrentThreadCpuTime}), in fresh
 * JVMs with and without the agent. Unlike JMH's wall-clock times this does not count the time a
 * thread waits for a core, so it stays meaningful on a machine shared with other work; it still
 * includes cache and memory contention between the benchmark's own threads, which is what the
 * 2-thread rows show. Best of 5 measured rounds per thread, after 5 rounds of warm-up.
 *
 * <p>Usage: {@code CpuCost --agent-jar JAR --out FILE}.
 */
public final class CpuCost {
  private static final Pattern LINE = Pattern.compile("(?m)^CPU (\\S+) (\\S+) (\\d) (\\S+)$");

  private CpuCost() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("child")) {
      child(args[1]);
      return;
    }
    Path agentJar = null;
    Path out = Paths.get("benchmarks/results/cpu-cost.md");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--agent-jar")) {
        agentJar = Paths.get(args[++i]).toAbsolutePath();
      } else if (args[i].equals("--out")) {
        out = Paths.get(args[++i]);
      } else {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path dir = Files.createTempDirectory("modelwatch-cpu-");
    Map<String, String> agents = new LinkedHashMap<>();
    agents.put("none", null);
    agents.put(
        "sampling-1.0",
        AgentConfigs.write(dir, "models.yaml", AgentConfigs.models(0, 1.0)).toString());
    agents.put(
        "timing-every",
        AgentConfigs.write(
                dir, "every.yaml", AgentConfigs.everyCallTimed(AgentConfigs.linear(0, 1.0)))
            .toString());
    agents.put(
        "sampling-0.1",
        AgentConfigs.write(dir, "s01.yaml", AgentConfigs.linear(0, 0.1)).toString());
    agents.put(
        "unsampled", AgentConfigs.write(dir, "s0.yaml", AgentConfigs.linear(0, 1e-9)).toString());
    Map<String, Double> ns = new LinkedHashMap<>();
    for (Map.Entry<String, String> agent : agents.entrySet()) {
      List<String> command =
          new ArrayList<>(
              List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
      if (agent.getValue() != null) {
        command.add("-javaagent:" + agentJar + "=config=" + agent.getValue());
      }
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              CpuCost.class.getName(),
              "child",
              agent.getKey()));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      process.waitFor();
      Matcher m = LINE.matcher(output);
      int found = 0;
      while (m.find()) {
        String variant =
            m.group(2).equals("predict")
                ? (agent.getKey().equals("none") ? "uninstrumented" : "agent " + agent.getKey())
                : m.group(2);
        ns.put(m.group(1) + "|" + variant + "|" + m.group(3), Double.parseDouble(m.group(4)));
        found++;
      }
      if (found == 0) {
        throw new IllegalStateException("the CPU probe printed nothing:\n" + output);
      }
    }
    List<String> report = new ArrayList<>();
    report.add(
        String.format(
            Locale.ROOT,
            "CPU ns per call of the calling thread, JDK %s, %d cores",
            System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors()));
    report.add("");
    report.add("| model | variant | threads | CPU ns/call | added ns/call | added % |");
    report.add("|---|---|---:|---:|---:|---:|");
    for (Map.Entry<String, Double> e : ns.entrySet()) {
      String[] key = e.getKey().split("\\|");
      Double base = ns.get(key[0] + "|uninstrumented|" + key[2]);
      boolean isBase = key[1].equals("uninstrumented");
      report.add(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %.1f | %s | %s |",
              key[0],
              key[1],
              key[2],
              e.getValue(),
              isBase || base == null
                  ? ""
                  : String.format(Locale.ROOT, "%+.1f", e.getValue() - base),
              isBase || base == null
                  ? ""
                  : String.format(Locale.ROOT, "%+.1f %%", (e.getValue() - base) / base * 100)));
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, report, StandardCharsets.UTF_8);
    report.forEach(System.out::println);
  }

  private static void child(String agent) throws Exception {
    LinearModel linear = new LinearModel();
    HandWrittenMetrics linearMetrics =
        new HandWrittenMetrics("linear", names(LinearModel.FEATURES));
    measure("linear", "predict", linear::predict);
    if (agent.equals("none")) {
      measure("linear", "hand-written", row -> handWritten(linear::predict, linearMetrics, row));
    }
    if (agent.equals("none") || agent.equals("sampling-1.0")) {
      MlpModel mlp = new MlpModel();
      HandWrittenMetrics mlpMetrics = new HandWrittenMetrics("mlp", names(MlpModel.FEATURES));
      measure("mlp", "predict", mlp::predict);
      if (agent.equals("none")) {
        measure("mlp", "hand-written", row -> handWritten(mlp::predict, mlpMetrics, row));
      }
    }
  }

  private static double handWritten(
      ToDoubleFunction<float[]> model, HandWrittenMetrics metrics, float[] row) {
    long start = System.nanoTime();
    double prediction;
    try {
      prediction = model.applyAsDouble(row);
    } catch (RuntimeException e) {
      metrics.failed(System.nanoTime() - start);
      throw e;
    }
    metrics.succeeded(System.nanoTime() - start, row, prediction);
    return prediction;
  }

  private static void measure(String model, String variant, ToDoubleFunction<float[]> call)
      throws Exception {
    // calls per round: about 0.2 s of CPU either way
    int calls = model.equals("mlp") ? 50_000 : 2_000_000;
    for (int threads = 1; threads <= 2; threads++) {
      double[] best = new double[threads];
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int index = t;
        Thread worker =
            new Thread(
                () -> {
                  ThreadMXBean mx = ManagementFactory.getThreadMXBean();
                  float[][] rows = Rows.of(LinearModel.FEATURES, 31 + index);
                  double sink = 0;
                  double min = Double.MAX_VALUE;
                  try {
                    start.await();
                    for (int round = 0; round < 10; round++) {
                      long cpu = mx.getCurrentThreadCpuTime();
                      for (int i = 0; i < calls; i++) {
                        sink += call.applyAsDouble(rows[i & (Rows.COUNT - 1)]);
                      }
                      double perCall = (mx.getCurrentThreadCpuTime() - cpu) / (double) calls;
                      if (round >= 5) {
                        min = Math.min(min, perCall);
                      }
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                  best[index] = min + (sink == 42 ? 1e-9 : 0);
                });
        workers.add(worker);
        worker.start();
      }
      for (Thread worker : workers) {
        worker.join();
      }
      double mean = 0;
      for (double b : best) {
        mean += b / threads;
      }
      System.out.printf(Locale.ROOT, "CPU %s %s %d %.2f%n", model, variant, threads, mean);
    }
  }

  private static String[] names(int count) {
    String[] names = new String[count];
    for (int i = 0; i < count; i++) {
      names[i] = String.format(Locale.ROOT, "f%02d", i);
    }
    return names;
  }
}
