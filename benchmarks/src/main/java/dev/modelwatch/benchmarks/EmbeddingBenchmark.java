package dev.modelwatch.benchmarks;

import dev.modelwatch.benchmarks.models.EmbeddingModel;
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
 * A 384-dimensional embedding output ({@code kind: embedding}, 8 baseline centroids): the agent's
 * cost per vector (its norm, the nearest of 8 centroids, an add into the running sum) over a model
 * that costs nothing. The pass {@code embedding} of {@link BenchmarkRunner} runs it without and
 * with the agent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EmbeddingBenchmark {
  public static final String MODEL = "embedding";

  @Param(AgentCheck.NONE)
  public String agent;

  private EmbeddingModel model;
  private int next;

  @Setup
  public void setUp() {
    AgentCheck.expect(agent);
    model = new EmbeddingModel();
  }

  @TearDown
  public void verify() {
    AgentCheck.verifyRecorded(agent, MODEL, new String[0], "vector.norm");
  }

  @Benchmark
  public float[] predict() {
    return model.embed(next++);
  }
}
