package dev.modelwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A check that blocks (as a read of a FIFO or of a stalled network mount does) is reported once,
 * checks go on in a fresh thread, at most one stuck thread is left behind, and checking resumes
 * when the stuck checks return; the scheduler thread is never the one blocked.
 */
class FileCheckThreadTest {
  private static final String THREAD = "modelwatch-file-check";

  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "test-scheduler");
            thread.setDaemon(true);
            return thread;
          });

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  @Test
  void aStuckCheckIsReportedOnceAndReplacedWithAtMostOneThreadLeftBehind() throws Exception {
    int idleThreads = threadsNamed(THREAD);
    AgentErrors errors = new AgentErrors();
    List<String> warnings = new CopyOnWriteArrayList<>();
    AtomicInteger ticks = new AtomicInteger();
    AtomicInteger started = new AtomicInteger();
    AtomicInteger returned = new AtomicInteger();
    List<Boolean> currentOnReturn = new CopyOnWriteArrayList<>();
    AtomicBoolean block = new AtomicBoolean(true);
    CountDownLatch release = new CountDownLatch(1);
    new FileCheckThread(
            scheduler,
            run -> {
              started.incrementAndGet();
              if (block.get()) {
                awaitQuietly(release);
              }
              currentOnReturn.add(run.current());
              returned.incrementAndGet();
            },
            () -> {
              ticks.incrementAndGet();
              return Duration.ofMillis(20);
            },
            Duration.ofMillis(200),
            () -> "/etc/modelwatch.yaml",
            errors,
            warnings::add)
        .start();

    // the first check blocks: reported after 200 ms and replaced; the replacement blocks too
    await(() -> warnings.size() == 2);
    int ticksThen = ticks.get();
    await(
        () ->
            ticks.get()
                >= ticksThen + 25); // 500 ms of ticks, more than the bound: nothing more starts
    assertEquals(2, started.get());
    assertEquals(0, returned.get());
    assertEquals(2, errors.total(FileCheckThread.STAGE));
    assertEquals(idleThreads + 2, threadsNamed(THREAD));
    assertEquals(
        List.of(
            "the check of the watched files (/etc/modelwatch.yaml) has not returned for 200ms (a FIFO, or a stalled"
                + " network file system?); checks go on in a fresh thread. Counted in"
                + " modelwatch_agent_errors_total{stage=\"reload\"}",
            "the check of the watched files (/etc/modelwatch.yaml) has not returned for 200ms (a FIFO, or a stalled"
                + " network file system?); an earlier stuck check has not returned either, so checks resume when one"
                + " of them returns. Counted in modelwatch_agent_errors_total{stage=\"reload\"}"),
        warnings);

    // both return: the one given up learns it is no longer current; checks resume on one thread
    block.set(false);
    release.countDown();
    await(() -> returned.get() >= 4);
    assertEquals(
        1,
        currentOnReturn.stream().filter(current -> !current).count(),
        currentOnReturn.toString());
    await(() -> threadsNamed(THREAD) == idleThreads + 1);
    assertTrue(
        warnings
            .get(2)
            .startsWith("the check of the watched files that had not returned returned after "),
        warnings.toString());
    assertEquals(3, warnings.size());
    assertEquals(2, errors.total(FileCheckThread.STAGE));
  }

  @Test
  void aCheckThatThrowsIsCountedAndChecksGoOn() throws Exception {
    AgentErrors errors = new AgentErrors();
    AtomicInteger started = new AtomicInteger();
    new FileCheckThread(
            scheduler,
            run -> {
              started.incrementAndGet();
              throw new IllegalStateException("test");
            },
            () -> Duration.ofMillis(10),
            Duration.ofSeconds(10),
            () -> "/etc/modelwatch.yaml",
            errors,
            message -> {})
        .start();
    await(() -> started.get() >= 3);
    assertTrue(errors.total(ErrorStage.INSTALL) >= 2);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int threadsNamed(String name) {
    return (int)
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals(name) && t.isAlive())
            .count();
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 10 s");
      }
      Thread.sleep(5);
    }
  }
}
