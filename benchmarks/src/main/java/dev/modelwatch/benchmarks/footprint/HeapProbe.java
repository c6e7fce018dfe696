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
    ExecutorService pool = Executors.newFixedThreadPool(2);
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
      try (InputStream in = new URL("http://127.0.0.1:" + agentPort + "/metrics").openStream()) {
        System.out.println("SCRAPE_BYTES " + in.readAllBytes().length);
      }
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
}
