package dev.modelwatch.benchmarks.footprint;

import dev.modelwatch.benchmarks.models.LinearModel;
import dev.modelwatch.benchmarks.models.Rows;
import dev.modelwatch.benchmarks.models.TribuoModels;
import java.lang.management.ManagementFactory;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

/**
 * Child JVM of {@link StartupFootprint}: bytes allocated per call by the calling thread alone
 * (JMH's {@code gc.alloc.rate.norm} also counts the agent's idle background threads), after a
 * warm-up, for the linear model on {@code float[]} and the Tribuo model on {@code Example}. Run
 * with and without the agent; the difference is what the agent allocates per call.
 */
public final class CallerAllocation {
  private CallerAllocation() {}

  public static void main(String[] args) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    LinearModel linear = new LinearModel();
    float[][] rows = Rows.of(LinearModel.FEATURES, 5);
    Model<Regressor> tribuo = TribuoModels.train();
    Example<Regressor>[] examples = TribuoModels.examples(rows);
    double sink = 0;
    double linearBytes = 0;
    double tribuoBytes = 0;
    for (int round = 0; round < 5; round++) {
      int calls = 2_000_000;
      long before = threads.getThreadAllocatedBytes(self);
      for (int i = 0; i < calls; i++) {
        sink += linear.predict(rows[i & (Rows.COUNT - 1)]);
      }
      linearBytes = (threads.getThreadAllocatedBytes(self) - before) / (double) calls;
      calls = 200_000;
      before = threads.getThreadAllocatedBytes(self);
      for (int i = 0; i < calls; i++) {
        sink += tribuo.predict(examples[i & (Rows.COUNT - 1)]).getOutput().getValues().length;
      }
      tribuoBytes = (threads.getThreadAllocatedBytes(self) - before) / (double) calls;
    }
    // the last round, after four of warm-up
    System.out.printf(java.util.Locale.ROOT, "CALLER_BYTES linear %.3f tribuo %.3f (%s)%n", linearBytes, tribuoBytes, sink);
  }
}
