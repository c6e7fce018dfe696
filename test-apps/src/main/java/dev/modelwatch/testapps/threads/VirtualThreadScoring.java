package dev.modelwatch.testapps.threads;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A scoring program as servers run one in 2026: every call of the model on a new virtual thread
 * ({@code Executors.newVirtualThreadPerTaskExecutor()}, looked up by reflection so that the module
 * still compiles for Java 11; JDK 21 or newer is needed to run it), at most 10,000 at once.
 *
 * <p>Arguments: the number of calls. Prints {@code SCORED calls=N millis=T heap=B checksum=S},
 * where {@code heap} is the heap in use after garbage collection, then waits until standard input
 * closes (so a test can read the agent's metrics) and returns.
 */
public final class VirtualThreadScoring {
  private VirtualThreadScoring() {}

  /** The model: a fixed linear score of two features. */
  public static final class TwoFeatureModel {
    public double score(double[] features) {
      return 0.5 + 0.25 * features[0] - 0.125 * features[1];
    }
  }

  public static void main(String[] args) throws Exception {
    int calls = Integer.parseInt(args[0]);
    Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
    TwoFeatureModel model = new TwoFeatureModel();
    DoubleAdder checksum = new DoubleAdder();
    long start = System.nanoTime();
    ExecutorService executor = (ExecutorService) factory.invoke(null);
    // at most this many requests at once, as a server's connection limit would; without it the
    // loop would start threads faster than two cores finish them
    Semaphore inFlight = new Semaphore(10_000);
    for (int i = 0; i < calls; i++) {
      double a = i % 100;
      double b = (i % 7) * 0.5;
      inFlight.acquire();
      executor.execute(
          () -> {
            try {
              checksum.add(model.score(new double[] {a, b}));
            } finally {
              inFlight.release();
            }
          });
    }
    executor.shutdown();
    if (!executor.awaitTermination(10, TimeUnit.MINUTES)) {
      throw new IllegalStateException("calls did not finish within 10 minutes");
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.println(
        "SCORED calls="
            + calls
            + " millis="
            + millis
            + " heap="
            + heapAfterGc()
            + " checksum="
            + checksum.sum());
    System.out.flush();
    InputStream in = System.in;
    byte[] buffer = new byte[64];
    while (in.read(buffer) >= 0) {
      // until the test closes standard input
    }
  }

  /**
   * The least heap in use over a few collections: what the program keeps, not what it left behind.
   */
  private static long heapAfterGc() throws IOException {
    Runtime runtime = Runtime.getRuntime();
    long least = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      least = Math.min(least, runtime.totalMemory() - runtime.freeMemory());
    }
    return least;
  }
}
