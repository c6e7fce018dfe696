package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/**
 * What the reload tests do to a watched file while the agent runs: replace it in one step (a
 * rename, so the agent never sees a half-made file) by text, a symbolic link, a sparse file or a
 * FIFO; and wait for the agent's checks of its files, counted in {@code
 * modelwatch_agent_config_checks_total}.
 */
final class WatchedFileChanges {
  static final String CHECKS = "modelwatch_agent_config_checks_total";

  private WatchedFileChanges() {}

  /** Replaces {@code file} by a regular file holding {@code text}, moved into place. */
  static void replace(Path file, String text) throws IOException {
    Path next = sibling(file, "next");
    Files.writeString(next, text);
    moveOver(next, file);
  }

  /** Replaces {@code file} by a symbolic link to {@code target}. */
  static void replaceWithLink(Path file, Path target) throws IOException {
    Path link = sibling(file, "link");
    Files.createSymbolicLink(link, target);
    moveOver(link, file);
  }

  /** Replaces {@code file} by a sparse file of {@code bytes} bytes: its size, but no disk used. */
  static void replaceWithSparseFile(Path file, long bytes) throws IOException {
    Path sparse = sibling(file, "sparse");
    try (RandomAccessFile raf = new RandomAccessFile(sparse.toFile(), "rw")) {
      raf.setLength(bytes);
    }
    moveOver(sparse, file);
  }

  /** Replaces {@code file} by a FIFO (named pipe) that nobody writes to. */
  static void replaceWithFifo(Path file) throws IOException, InterruptedException {
    Path fifo = sibling(file, "fifo");
    Process mkfifo =
        new ProcessBuilder("mkfifo", fifo.toString()).redirectErrorStream(true).start();
    String output = new String(mkfifo.getInputStream().readAllBytes());
    assertEquals(0, mkfifo.waitFor(), "mkfifo " + fifo + ": " + output);
    moveOver(fifo, file);
  }

  private static Path sibling(Path file, String kind) throws IOException {
    Path next = file.resolveSibling(file.getFileName() + "." + kind);
    Files.deleteIfExists(next);
    return next;
  }

  private static void moveOver(Path source, Path target) throws IOException {
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /**
   * Waits until the agent has completed at least {@code checks} checks of its files; returns the
   * count.
   */
  static long awaitChecks(AgentedServer app, long checks) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    Scrape scrape;
    do {
      scrape = app.scrape();
      long done = (long) scrape.value(CHECKS);
      if (done >= checks) {
        return done;
      }
      Thread.sleep(10);
    } while (System.nanoTime() < deadline);
    throw new AssertionError(
        "expected "
            + checks
            + " checks of the watched files:\n"
            + scrape.text()
            + "\n"
            + app.server().stderr());
  }

  /**
   * Waits for a check to complete and returns the count at once: the next check is then about one
   * reload_interval away, so what the test writes next is seen first by that check.
   */
  static long awaitNextCheck(AgentedServer app) throws Exception {
    return awaitChecks(app, (long) app.scrape().value(CHECKS) + 1);
  }
}
