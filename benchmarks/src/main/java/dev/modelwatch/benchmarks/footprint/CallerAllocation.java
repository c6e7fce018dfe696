package dev.modelwatch.benchmarks.footprint;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.modelwatch.benchmarks.AgentConfigs;
import dev.modelwatch.benchmarks.models.LinearModel;
import dev.modelwatch.benchmarks.models.Rows;
import dev.modelwatch.benchmarks.models.TribuoModels;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.regression.Regressor;

/**
 * Child JVM of {@link StartupFootprint}: bytes allocated per call by the calling thread alone
 * (JMH's {@code gc.alloc.rate.norm} also counts the agent's background threads), after a warm-up,
 * for the linear model on {@code float[]}, the Tribuo model on {@code Example} and the ONNX Runtime
 * session (tensor built and result closed per call, as in the benchmark). Run with and without the
 * agent; the difference is what the agent allocates per call. Run with {@code
 * -XX:-DoEscapeAnalysis} too: with it on, whether the JIT scalar-replaces some of Tribuo's own
 * temporaries depends on inlining decisions that the inlined advice changes, so the Tribuo figure
 * moves by tens of bytes from run to run, with or without the agent.
 */
public final class CallerAllocation {
  private CallerAllocation() {}

  public static void main(String[] args) throws IOException, OrtException {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    LinearModel linear = new LinearModel();
    float[][] rows = Rows.of(LinearModel.FEATURES, 5);
    Model<Regressor> tribuo = TribuoModels.train();
    Example<Regressor>[] examples = TribuoModels.examples(rows);
    Path onnxFile = Files.createTempFile(AgentConfigs.ONNX_FILE_PREFIX, ".onnx");
    TribuoModels.exportOnnx(tribuo, onnxFile);
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    OrtSession session;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      session = environment.createSession(onnxFile.toString(), options);
    }
    String input = session.getInputNames().iterator().next();
    float[][][] batches = new float[rows.length][][];
    for (int i = 0; i < rows.length; i++) {
      batches[i] = new float[][] {rows[i]};
    }
    double sink = 0;
    double linearBytes = 0;
    double tribuoBytes = 0;
    double onnxBytes = 0;
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
      calls = 50_000;
      before = threads.getThreadAllocatedBytes(self);
      for (int i = 0; i < calls; i++) {
        try (OnnxTensor tensor =
                OnnxTensor.createTensor(environment, batches[i & (Rows.COUNT - 1)]);
            OrtSession.Result result = session.run(Collections.singletonMap(input, tensor))) {
          sink += ((float[][]) result.get(0).getValue())[0][0];
        }
      }
      onnxBytes = (threads.getThreadAllocatedBytes(self) - before) / (double) calls;
    }
    session.close();
    Files.deleteIfExists(onnxFile);
    // the last round, after four of warm-up
    System.out.printf(
        java.util.Locale.ROOT,
        "CALLER_BYTES linear %.3f tribuo %.3f onnx %.3f (%s)%n",
        linearBytes,
        tribuoBytes,
        onnxBytes,
        sink);
  }
}
