package dev.modelwatch.benchmarks;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelwatch.benchmarks.models.LinearModel;
import dev.modelwatch.benchmarks.models.Rows;
import dev.modelwatch.benchmarks.models.TribuoModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
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
 * An ONNX Runtime session (the Tribuo model exported to ONNX), one row per {@code
 * OrtSession.run(Map)}, with the variants of {@link LinearBenchmark}. Each call builds the input
 * tensor and closes the result, as a server does per request; one intra-op thread, so two benchmark
 * threads do not compete with the session's own pool. The agent (the ONNX Runtime preset) reads the
 * 11 features from the input tensor's row and the output from the result.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OnnxBenchmark {
  public static final String MODEL = "onnx";

  @Param(AgentCheck.NONE)
  public String agent;

  private OrtEnvironment environment;
  private OrtSession session;
  private String inputName;
  private HandWrittenMetrics metrics;
  private Path modelFile;

  @Setup
  public void setUp() throws IOException, OrtException {
    AgentCheck.expect(agent);
    modelFile = Files.createTempFile(AgentConfigs.ONNX_FILE_PREFIX, ".onnx");
    TribuoModels.exportOnnx(TribuoModels.train(), modelFile);
    environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      session = environment.createSession(modelFile.toString(), options);
    }
    inputName = session.getInputNames().iterator().next();
    metrics = new HandWrittenMetrics(MODEL, FeatureNames.of(LinearModel.FEATURES));
  }

  /**
   * The configured names, or those the agent discovers from the input's columns ({@code
   * agent=discovered}).
   */
  private String[] features() {
    String[] names = FeatureNames.of(LinearModel.FEATURES);
    if ("discovered".equals(agent)) {
      for (int i = 0; i < names.length; i++) {
        names[i] = inputName + "[" + i + "]";
      }
    }
    return names;
  }

  @TearDown
  public void tearDown() throws IOException, OrtException {
    try {
      AgentCheck.verifyRecorded(agent, MODEL, features(), "y");
    } finally {
      session.close();
      Files.deleteIfExists(modelFile);
    }
  }

  @Benchmark
  public float predict(TensorRows rows) throws OrtException {
    try (OnnxTensor input = OnnxTensor.createTensor(environment, rows.next());
        OrtSession.Result result = run(Collections.singletonMap(inputName, input))) {
      return ((float[][]) result.get(0).getValue())[0][0];
    }
  }

  @Benchmark
  public float handWritten(TensorRows rows) throws OrtException {
    float[][] batch = rows.next();
    try (OnnxTensor input = OnnxTensor.createTensor(environment, batch)) {
      long start = System.nanoTime();
      OrtSession.Result result;
      try {
        result = run(Collections.singletonMap(inputName, input));
      } catch (OrtException | RuntimeException e) {
        metrics.failed(System.nanoTime() - start);
        throw e;
      }
      try (result) {
        long nanos = System.nanoTime() - start;
        float prediction = ((float[][]) result.get(0).getValue())[0][0];
        metrics.succeeded(nanos, batch[0], prediction);
        return prediction;
      }
    }
  }

  private OrtSession.Result run(Map<String, OnnxTensor> inputs) throws OrtException {
    return session.run(inputs);
  }

  /** Each thread cycles through its own one-row batches. */
  @State(Scope.Thread)
  public static class TensorRows {
    private final float[][][] batches;
    private int next;

    public TensorRows() {
      float[][] rows = Rows.of(LinearModel.FEATURES, Thread.currentThread().getId());
      batches = new float[rows.length][][];
      for (int i = 0; i < rows.length; i++) {
        batches[i] = new float[][] {rows[i]};
      }
    }

    public float[][] next() {
      float[][] batch = batches[next];
      next = (next + 1) & (Rows.COUNT - 1);
      return batch;
    }
  }
}
