package dev.modelwatch.benchmarks;

import dev.modelwatch.benchmarks.models.MlpModel;
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
 * The 11 x 96 x 96 x 1 perceptron on {@code float[]}, about 4 µs per call; the variants are those
 * of {@link LinearBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MlpBenchmark {
  public static final String MODEL = "mlp";

  /** {@code none}, or the agent configuration the fork runs with (see {@link BenchmarkRunner}). */
  @Param(AgentCheck.NONE)
  public String agent;

  private MlpModel model;
  private HandWrittenMetrics metrics;

  @Setup
  public void setUp() {
    AgentCheck.expect(agent);
    model = new MlpModel();
    metrics = new HandWrittenMetrics(MODEL, FeatureNames.of(MlpModel.FEATURES));
  }

  @TearDown
  public void verify() {
    AgentCheck.verifyRecorded(agent, MODEL, "f00");
  }

  @Benchmark
  public float predict(LinearBenchmark.FloatRows rows) {
    return model.predict(rows.next());
  }

  @Benchmark
  public float handWritten(LinearBenchmark.FloatRows rows) {
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
}
