package dev.modelwatch.benchmarks;

import dev.modelwatch.benchmarks.models.CategoricalModel;
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
 * 11 categorical features (codes in a {@code float[]}, {@code kind: categorical}) on a model as
 * trivial as {@link LinearBenchmark}'s: what the agent adds per call here against what it adds
 * there is the cost of a categorical value against a numeric one. No hand-written variant: the
 * comparison is between the agent's two paths.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CategoricalBenchmark {
  public static final String MODEL = "categorical";

  /** {@code none}, or the agent configuration the fork runs with (see {@link BenchmarkRunner}). */
  @Param(AgentCheck.NONE)
  public String agent;

  private CategoricalModel model;

  @Setup
  public void setUp() {
    AgentCheck.expect(agent);
    model = new CategoricalModel();
  }

  @TearDown
  public void verify() {
    AgentCheck.verifyCategories(agent, MODEL, "f00");
  }

  @Benchmark
  public float predict(CodeRows rows) {
    return model.predict(rows.next());
  }

  /** Each thread cycles through its own rows. */
  @State(Scope.Thread)
  public static class CodeRows {
    private final float[][] rows = CategoricalModel.rows(Thread.currentThread().getId());
    private int next;

    public float[] next() {
      float[] row = rows[next];
      next = (next + 1) & (Rows.COUNT - 1);
      return row;
    }
  }
}
