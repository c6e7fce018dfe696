package dev.modelwatch.testapps.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium driven from the command line: the DOM after load ({@code --dump-dom}) and a
 * screenshot. Each run gets its own profile directory and no network features, so nothing is
 * fetched from outside.
 */
final class Chromium {
  static final String DEFAULT = "/usr/bin/chromium";

  private final Path executable;
  private final Path work;

  private Chromium(Path executable, Path work) {
    this.executable = executable;
    this.work = work;
  }

  /** The browser at {@code $CHROMIUM} or /usr/bin/chromium; fails with how to install it. */
  static Chromium find(Path work) throws IOException {
    String configured = System.getenv("CHROMIUM");
    Path executable = Path.of(configured == null || configured.isBlank() ? DEFAULT : configured);
    if (!Files.isExecutable(executable)) {
      fail(
          "the page tests drive a real browser, and "
              + executable
              + " is missing or not executable."
              + " Install Chromium (Debian/Ubuntu: apt-get install -y chromium; .ci/run does this) or point"
              + " the CHROMIUM environment variable at a Chromium or Chrome binary.");
    }
    return new Chromium(executable, Files.createDirectories(work));
  }

  /** The DOM of {@code url} after it loaded, serialized. */
  String dumpDom(String url) throws IOException, InterruptedException {
    return run(List.of("--dump-dom", url), "dump-dom");
  }

  /** Saves a PNG of {@code url} at the given window size. */
  void screenshot(String url, Path png, int width, int height)
      throws IOException, InterruptedException {
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.deleteIfExists(png);
    run(
        List.of(
            "--screenshot=" + png.toAbsolutePath(),
            "--window-size=" + width + "," + height,
            "--hide-scrollbars",
            url),
        "screenshot");
    assertTrue(Files.isRegularFile(png), "Chromium wrote no screenshot to " + png);
  }

  private String run(List<String> args, String what) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(work, "profile-");
    Path stderr = work.resolve(what + "-stderr.txt");
    List<String> command =
        new ArrayList<>(
            List.of(
                executable.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile));
    command.addAll(args);
    Process process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail("Chromium did not finish " + what + " within 60 s; its stderr is in " + stderr);
    }
    assertEquals(
        0,
        process.exitValue(),
        "Chromium "
            + what
            + " failed; its stderr is in "
            + stderr
            + ":\n"
            + Files.readString(stderr));
    return new String(out, StandardCharsets.UTF_8);
  }
}
