package dev.modelwatch.benchmarks;

import dev.modelwatch.benchmarks.models.LinearModel;
import dev.modelwatch.benchmarks.models.Rows;
import dev.modelwatch.benchmarks.models.TribuoModels;
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
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.regression.Regressor;

/**
 * A Tribuo linear regression, {@code Model.predict(Example)}, with the variants of {@link
 * LinearBenchmark}. The agent reads the 11 features from the {@code Example} by name and the output
 * from the {@code Regressor} (the Tribuo preset); the hand-written variant records the features
 * from the row the example was built from, as a server that has the row at hand would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TribuoBenchmark {
  public static final String MODEL = "tribuo";

  @Param(AgentCheck.NONE)
  public String agent;

  private Model<Regressor> model;
  private HandWrittenMetrics metrics;

  @Setup
  public void setUp() {
    AgentCheck.expect(agent);
    model = TribuoModels.train();
    metrics = new HandWrittenMetrics(MODEL, FeatureNames.of(LinearModel.FEATURES));
  }

  @TearDown
  public void verify() {
    AgentCheck.verifyRecorded(agent, MODEL, FeatureNames.of(LinearModel.FEATURES), "y");
  }

  @Benchmark
  public Prediction<Regressor> predict(ExampleRows rows) {
    return model.predict(rows.next());
  }

  @Benchmark
  public Prediction<Regressor> handWritten(ExampleRows rows) {
    Example<Regressor> example = rows.next();
    float[] row = rows.row();
    long start = System.nanoTime();
    Prediction<Regressor> prediction;
    try {
      prediction = model.predict(example);
    } catch (RuntimeException e) {
      metrics.failed(System.nanoTime() - start);
      throw e;
    }
    metrics.succeeded(System.nanoTime() - start, row, prediction.getOutput().getValues()[0]);
    return prediction;
  }

  /** Each thread cycles through its own examples, built once. */
  @State(Scope.Thread)
  public static class ExampleRows {
    private final float[][] rows = Rows.of(LinearModel.FEATURES, Thread.currentThread().getId());
    private final Example<Regressor>[] examples = TribuoModels.examples(rows);
    private int next;
    private int current;

    public Example<Regressor> next() {
      current = next;
      next = (next + 1) & (Rows.COUNT - 1);
      return examples[current];
    }

    /** The row of the example last returned by {@link #next}. */
    public float[] row() {
      return rows[current];
    }
  }
}
