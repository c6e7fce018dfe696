package dev.modelwatch.benchmarks;

import dev.modelwatch.benchmarks.models.LinearModel;
import dev.modelwatch.benchmarks.models.Rows;
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
 * The trivial 11-feature linear model on {@code float[]}. {@code predict} is the model called
 * directly: uninstrumented in forks with {@code agent=none}, instrumented by the real agent in the
 * forks {@link BenchmarkRunner} starts with {@code -javaagent}. {@code handWritten} wraps the same
 * call in {@link HandWrittenMetrics}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LinearBenchmark {
  public static final String MODEL = "linear";

  /** {@code none}, or the agent configuration the fork runs with (see {@link BenchmarkRunner}). */
  @Param(AgentCheck.NONE)
  public String agent;

  private LinearModel model;
  private HandWrittenMetrics metrics;

  @Setup
  public void setUp() {
    AgentCheck.expect(agent);
    model = new LinearModel();
    metrics = new HandWrittenMetrics(MODEL, FeatureNames.of(LinearModel.FEATURES));
  }

  @TearDown
  public void verify() {
    // with sampling near 0 no value is recorded: only the calls are
    boolean unsampled = "unsampled".equals(agent) || "capture-unsampled".equals(agent);
    AgentCheck.verifyRecorded(agent, MODEL, unsampled ? null : "f00");
  }

  @Benchmark
  public float predict(FloatRows rows) {
    return model.predict(rows.next());
  }

  @Benchmark
  public float handWritten(FloatRows rows) {
    float[] row = rows.next();
    long start = System.nanoTime();
    float prediction;
    try {
      prediction = model.predict(row);
    } catch (RuntimeException e) {
      metrics.failed(System.nanoTime() - start);
      throw e;
    }
    metrics.succeeded(System.nanoTime() - start, row, prediction);
    return prediction;
  }

  /** Each thread cycles through its own rows. */
  @State(Scope.Thread)
  public static class FloatRows {
    private final float[][] rows = Rows.of(LinearModel.FEATURES, Thread.currentThread().getId());
    private int next;

    public float[] next() {
      float[] row = rows[next];
      next = (next + 1) & (Rows.COUNT - 1);
      return row;
    }
  }
}
