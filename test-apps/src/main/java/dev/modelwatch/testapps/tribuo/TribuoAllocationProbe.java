package dev.modelwatch.testapps.tribuo;

import com.sun.management.ThreadMXBean;
import dev.modelwatch.testapps.data.WineData;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Bytes the calling thread allocates per Tribuo {@code Model.predict(Example)}, in steady state:
 * {@code TribuoAllocationProbe [--calls N] [--rounds R]}. Trains the wine regression and
 * classifier, cycles each through 64 prebuilt examples for R rounds of N calls (all but the last
 * three are warm-up), and prints the lowest of the last three rounds per model on stderr:
 *
 * <pre>ALLOCATION regression BYTES_PER_CALL classification BYTES_PER_CALL calls CALLS_PER_MODEL
 * </pre>
 *
 * then stays up (so an agent's endpoint can be scraped) until killed. Run with and without an
 * agent, the difference is what the agent allocates per call.
 */
public final class TribuoAllocationProbe {
  private static final int EXAMPLES = 64;
  private static final int MEASURED_ROUNDS = 3;

  private TribuoAllocationProbe() {}

  public static void main(String[] args) throws InterruptedException {
    int calls = 200_000;
    int rounds = 8;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--calls":
          calls = Integer.parseInt(args[++i]);
          break;
        case "--rounds":
          rounds = Integer.parseInt(args[++i]);
          break;
        case "--port":
          i++; // the forked-server launcher adds one; nothing listens here
          break;
        default:
          throw new IllegalArgumentException(
              "unknown option " + args[i] + "; use --calls N --rounds R");
      }
    }
    if (rounds <= MEASURED_ROUNDS) {
      throw new IllegalArgumentException(
          "--rounds must exceed " + MEASURED_ROUNDS + " (the measured rounds)");
    }
    Model<Regressor> regression = WineModels.trainRegression(WineModels.DEFAULT_SEED, 500);
    Model<Label> classifier = WineModels.trainClassifier(WineModels.DEFAULT_SEED, 500);
    Example<Regressor>[] regressionExamples = examples(new RegressionFactory().getUnknownOutput());
    Example<Label>[] classifierExamples = examples(new LabelFactory().getUnknownOutput());

    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    double regressionBytes = Double.MAX_VALUE;
    double classifierBytes = Double.MAX_VALUE;
    double sink = 0;
    for (int round = 0; round < rounds; round++) {
      long before = threads.getThreadAllocatedBytes(self);
      for (int i = 0; i < calls; i++) {
        sink += score(regression.predict(regressionExamples[i & (EXAMPLES - 1)]));
      }
      long regressionRound = threads.getThreadAllocatedBytes(self) - before;
      before = threads.getThreadAllocatedBytes(self);
      for (int i = 0; i < calls; i++) {
        sink += score(classifier.predict(classifierExamples[i & (EXAMPLES - 1)]));
      }
      long classifierRound = threads.getThreadAllocatedBytes(self) - before;
      if (round >= rounds - MEASURED_ROUNDS) {
        regressionBytes = Math.min(regressionBytes, regressionRound / (double) calls);
        classifierBytes = Math.min(classifierBytes, classifierRound / (double) calls);
      }
    }
    System.err.printf(
        Locale.ROOT,
        "ALLOCATION regression %.4f classification %.4f calls %d (%s)%n",
        regressionBytes,
        classifierBytes,
        (long) calls * rounds,
        sink);
    System.err.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  /**
   * Examples of wine rows with an unknown output, built once: the probe measures prediction only.
   */
  private static <T extends Output<T>> Example<T>[] examples(T unknown) {
    WineData data = new WineData(7);
    @SuppressWarnings("unchecked")
    Example<T>[] examples = new Example[EXAMPLES];
    for (int i = 0; i < EXAMPLES; i++) {
      examples[i] = WineModels.example(unknown, data.nextRow());
    }
    return examples;
  }

  private static double score(Prediction<?> prediction) {
    return prediction.getOutput() instanceof Label
        ? ((Label) prediction.getOutput()).getScore()
        : ((Regressor) prediction.getOutput()).getValues()[0];
  }
}
