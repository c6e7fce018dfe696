package dev.modelwatch.benchmarks;

import dev.modelwatch.benchmarks.models.LinearModel;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The linear model called once on a new virtual thread per call, as a server that runs each request
 * on its own virtual thread does: start the thread, predict, join. Needs a JDK with virtual threads
 * (21+; {@link BenchmarkRunner} runs it on the JDK given by {@code --virtual-jvm}); the agent's
 * added cost here includes borrowing recording cells for the call and giving them back.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VirtualThreadBenchmark {
  /** {@code none}, or the agent configuration the fork runs with (see {@link BenchmarkRunner}). */
  @Param(AgentCheck.NONE)
  public String agent;

  private LinearModel model;
  private ThreadFactory virtualThreads;

  @Setup
  public void setUp() throws ReflectiveOperationException {
    AgentCheck.expect(agent);
    model = new LinearModel();
    // Thread.ofVirtual().factory(), by reflection: the module compiles for release 11
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    virtualThreads =
        (ThreadFactory)
            Class.forName("java.lang.Thread$Builder").getMethod("factory").invoke(builder);
  }

  @TearDown
  public void verify() {
    AgentCheck.verifyRecorded(agent, LinearBenchmark.MODEL, "f00");
  }

  @Benchmark
  public float predict(LinearBenchmark.FloatRows rows) throws InterruptedException {
    Call call = new Call(model, rows.next());
    Thread thread = virtualThreads.newThread(call);
    thread.start();
    thread.join();
    return call.result;
  }

  private static final class Call implements Runnable {
    private final LinearModel model;
    private final float[] row;
    float result;

    Call(LinearModel model, float[] row) {
      this.model = model;
      this.row = row;
    }

    @Override
    public void run() {
      result = model.predict(row);
    }
  }
}
