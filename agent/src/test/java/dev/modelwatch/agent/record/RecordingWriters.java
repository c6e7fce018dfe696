package dev.modelwatch.agent.record;

import dev.modelwatch.bootstrap.CallState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Threads that record calls of site 0 through {@link Recorder#enter} and {@link Recorder#exit}, as
 * the advice does, for tests that read the recording while it is written. Each thread fills its own
 * row per call; all start together at {@link #go}, and record until they made {@code calls} calls
 * each or {@link #stop} was called.
 */
public final class RecordingWriters {
  /** The row of call {@code call} of writer {@code writer}. */
  public interface Rows {
    void fill(float[] row, int writer, int call);
  }

  private final CountDownLatch start = new CountDownLatch(1);
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final List<Thread> threads = new ArrayList<>();

  private RecordingWriters() {}

  /** Starts {@code count} daemon writers of rows of {@code width} values; they wait for go(). */
  public static RecordingWriters start(
      Recorder recorder, int count, int width, long calls, Rows rows) {
    RecordingWriters writers = new RecordingWriters();
    for (int t = 0; t < count; t++) {
      int writer = t;
      Thread thread =
          new Thread(
              () -> {
                CallState state = new CallState();
                float[] row = new float[width];
                try {
                  writers.start.await();
                  for (int i = 0; i < calls && !writers.stop.get(); i++) {
                    rows.fill(row, writer, i);
                    recorder.enter(0, null, row, state);
                    recorder.exit(0, row, null, Double.NaN, null, state);
                  }
                } catch (Throwable e) {
                  writers.failure.compareAndSet(null, e);
                }
              },
              "writer-" + t);
      thread.setDaemon(true);
      writers.threads.add(thread);
      thread.start();
    }
    return writers;
  }

  /** Lets every writer begin. */
  public void go() {
    start.countDown();
  }

  /** True once every writer has ended. */
  public boolean done() {
    for (Thread thread : threads) {
      if (thread.isAlive()) {
        return false;
      }
    }
    return true;
  }

  /** Asks the writers to end after their current call and waits for them. */
  public void stop() throws InterruptedException {
    stop.set(true);
    join();
  }

  /** Waits for every writer to end. */
  public void join() throws InterruptedException {
    for (Thread thread : threads) {
      thread.join();
    }
  }

  /** The first exception a writer threw, or null. */
  public Throwable failure() {
    return failure.get();
  }
}
