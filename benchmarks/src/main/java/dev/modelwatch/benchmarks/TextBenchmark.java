package dev.modelwatch.benchmarks;

import dev.modelwatch.benchmarks.models.TextModel;
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
 * A text input of about 100 characters with {@code profile: text} and a vocabulary: the agent's
 * cost per text (one pass over its characters for the eight statistics and the out-of-vocabulary
 * share) over a model that costs nothing. The pass {@code text} of {@link BenchmarkRunner} runs it
 * without and with the agent.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TextBenchmark {
  public static final String MODEL = "text";

  @Param(AgentCheck.NONE)
  public String agent;

  private TextModel model;
  private int next;

  @Setup
  public void setUp() {
    AgentCheck.expect(agent);
    model = new TextModel();
  }

  @TearDown
  public void verify() {
    AgentCheck.verifyRecorded(
        agent, MODEL, new String[] {"review.length", "review.oov_share"}, null);
  }

  @Benchmark
  public int predict() {
    return model.classify(model.text(next++));
  }
}
