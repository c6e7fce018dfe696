package dev.modelwatch.testapps.threads;

import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Two models doing the same work at a high call rate, to compare a model whose every call is timed
 * with one timed adaptively. Each call takes as long as its argument says: most calls return at
 * once (a few hundred nanoseconds, like the benchmarks' models), a share {@value #SLOW_SHARE} spin
 * for a duration drawn uniformly from [{@value #SLOW_MIN_NANOS}, {@value #SLOW_MAX_NANOS}] ns. Each
 * thread draws its durations from its own fixed seed and calls both models with each one, so both
 * see the same durations.
 *
 * <p>Arguments: threads, calls per thread. Prints {@code SCORED calls=N slow=S} (calls per model,
 * and how many of them were slow), then waits until standard input closes (so a test can read the
 * agent's metrics) and returns.
 */
public final class FastScoring {
  public static final double SLOW_SHARE = 0.005;
  public static final long SLOW_MIN_NANOS = 150_000;
  public static final long SLOW_MAX_NANOS = 600_000;

  private FastScoring() {}

  /** Returns after {@code nanos} of work. */
  static double work(long nanos) {
    long start = System.nanoTime();
    double x = 1;
    do {
      x = x * 1.000001 + 1e-9;
    } while (System.nanoTime() - start < nanos);
    return x;
  }

  /** The model whose every call the test has timed. */
  public static final class EveryCallModel {
    public double score(long nanos) {
      return work(nanos);
    }
  }

  /** The model timed adaptively. */
  public static final class AdaptiveModel {
    public double score(long nanos) {
      return work(nanos);
    }
  }

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    int calls = Integer.parseInt(args[1]);
    EveryCallModel every = new EveryCallModel();
    AdaptiveModel adaptive = new AdaptiveModel();
    DoubleAdder checksum = new DoubleAdder();
    long[] slow = new long[threads];
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers[t] =
          new Thread(
              () -> {
                SplittableRandom random = new SplittableRandom(1000 + thread);
                double sum = 0;
                for (int i = 0; i < calls; i++) {
                  long nanos = 0;
                  if (random.nextDouble() < SLOW_SHARE) {
                    nanos = random.nextLong(SLOW_MIN_NANOS, SLOW_MAX_NANOS + 1);
                    slow[thread]++;
                  }
                  sum += every.score(nanos);
                  sum += adaptive.score(nanos);
                }
                checksum.add(sum);
              });
      workers[t].start();
    }
    long slowCalls = 0;
    for (int t = 0; t < threads; t++) {
      workers[t].join();
      slowCalls += slow[t];
    }
    System.out.println(
        "SCORED calls=" + (long) threads * calls + " slow=" + slowCalls + " checksum=" + checksum);
    System.out.flush();
    InputStream in = System.in;
    try {
      while (in.read() >= 0) {
        // until the test closes our standard input
      }
    } catch (IOException e) {
      // closed
    }
  }
}
