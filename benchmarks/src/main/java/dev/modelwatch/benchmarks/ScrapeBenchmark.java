package dev.modelwatch.benchmarks;

import dev.modelwatch.benchmarks.models.Rows;
import dev.modelwatch.benchmarks.models.WideModels;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Scrapes of {@code /metrics} for 30 models x 50 features while predictions run. Only meaningful
 * with the agent attached ({@link BenchmarkRunner} runs it with a 30 x 50 config). Sample-time
 * mode, so the report has percentiles and the maximum: {@code underLoad:scrape} is one whole scrape
 * over HTTP, {@code underLoad:predict} a prediction on another thread meanwhile, {@code
 * predictAlone} the same prediction with no scrape running.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScrapeBenchmark {
  @Param(AgentCheck.NONE)
  public String agent;

  private WideModels models;
  private URL metrics;

  @Setup
  public void setUp() throws IOException {
    AgentCheck.expect(agent);
    if (AgentCheck.NONE.equals(agent)) {
      throw new IllegalStateException(
          "the scrape benchmark needs the agent: run it through benchmarks/run.sh");
    }
    models = new WideModels();
    metrics =
        new URL("http://127.0.0.1:" + System.getProperty(AgentCheck.PORT_PROPERTY) + "/metrics");
  }

  @TearDown
  public void verify() {
    AgentCheck.verifyRecorded(agent, "wide00", "f00");
  }

  @Benchmark
  @Group("underLoad")
  @GroupThreads(1)
  public long scrape(Buffer buffer) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) metrics.openConnection();
    long bytes = 0;
    try (InputStream in = connection.getInputStream()) {
      for (int n; (n = in.read(buffer.bytes)) > 0; ) {
        bytes += n;
      }
    }
    return bytes;
  }

  @Benchmark
  @Group("underLoad")
  @GroupThreads(1)
  public float predict(WideRows rows) {
    return rows.call(models);
  }

  @Benchmark
  @Threads(1)
  public float predictAlone(WideRows rows) {
    return rows.call(models);
  }

  /** The scraping thread's read buffer. */
  @State(Scope.Thread)
  public static class Buffer {
    final byte[] bytes = new byte[64 * 1024];
  }

  /** Each predicting thread calls the 30 models in turn, on rows of 50 values. */
  @State(Scope.Thread)
  public static class WideRows {
    private final float[][] rows = Rows.of(WideModels.FEATURES, Thread.currentThread().getId());
    private int next;

    float call(WideModels models) {
      int i = next;
      next = (next + 1) & (Rows.COUNT - 1);
      return models.call(i % WideModels.MODELS, rows[i]);
    }
  }
}
