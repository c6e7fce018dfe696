package dev.modelwatch.benchmarks.footprint;

import dev.modelwatch.benchmarks.models.Rows;
import dev.modelwatch.benchmarks.models.WideModels;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URL;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Child JVM of {@link StartupFootprint}: calls the 30 wide models from two live threads, scrapes
 * the agent once when it is attached (as Prometheus would), then prints the heap in use after full
 * collections. Run with and without the agent, the difference is what the agent retains.
 */
public final class HeapProbe {
  private HeapProbe() {}

  public static void main(String[] args) throws Exception {
    String agentPort = args.length > 0 ? args[0] : null;
    WideModels models = new WideModels();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread thread = new Thread(r, "predict");
              thread.setDaemon(true);
              return thread;
            });
    float sink = 0;
    for (int t = 0; t < 2; t++) {
      Future<Float> result =
          pool.submit(
              () -> {
                float[][] rows = Rows.of(WideModels.FEATURES, Thread.currentThread().getId());
                float sum = 0;
                for (int i = 0; i < 20_000; i++) {
                  sum += models.call(i % WideModels.MODELS, rows[i & (Rows.COUNT - 1)]);
                }
                return sum;
              });
      sink += result.get();
    }
    if (agentPort != null) {
      scrapeTimes(new URL("http://127.0.0.1:" + agentPort + "/metrics"));
    }
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      TimeUnit.MILLISECONDS.sleep(200);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    System.out.println("HEAP_USED " + used + " " + sink);
    pool.shutdown();
  }

  /** The agent starts its endpoint beside the application: wait for it (up to 60 s). */
  private static void awaitEndpoint(URL metrics) throws Exception {
    for (int attempt = 0; ; attempt++) {
      try (InputStream in = metrics.openStream()) {
        in.readAllBytes();
        return;
      } catch (java.io.IOException e) {
        if (attempt > 600) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(100);
      }
    }
  }

  /**
   * Wall and process CPU milliseconds of whole scrapes (median of 10 after 3 of warm-up) while the
   * process does nothing else: the CPU figure is the scrape's own cost even on a busy machine.
   */
  private static void scrapeTimes(URL metrics) throws Exception {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    double[] wall = new double[10];
    double[] cpu = new double[10];
    int bytes = 0;
    byte[] buffer = new byte[1 << 16];
    awaitEndpoint(metrics);
    for (int i = -3; i < wall.length; i++) {
      long w = System.nanoTime();
      long c = os.getProcessCpuTime();
      // read through a small buffer: a whole-response array would be counted as the agent's heap
      bytes = 0;
      try (InputStream in = metrics.openStream()) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          bytes += n;
        }
      }
      if (i >= 0) {
        wall[i] = (System.nanoTime() - w) / 1e6;
        cpu[i] = (os.getProcessCpuTime() - c) / 1e6;
      }
    }
    java.util.Arrays.sort(wall);
    java.util.Arrays.sort(cpu);
    System.out.printf(
        java.util.Locale.ROOT, "SCRAPE wall %.1f cpu %.1f bytes %d%n", wall[5], cpu[5], bytes);
  }
}
