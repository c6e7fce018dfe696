package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A forked program that scores, prints one result line, and waits for its standard input to close
 * before returning: the test reads the line and, with the agent on, scrapes it in between.
 */
final class ScoringProgram {
  private ScoringProgram() {}

  /**
   * The result line's match, and the agent's scrape taken before the program was let go (or null).
   */
  static final class Result {
    final Matcher line;
    final Scrape scrape;
    final String stderr;

    Result(Matcher line, Scrape scrape, String stderr) {
      this.line = line;
      this.scrape = scrape;
      this.stderr = stderr;
    }

    long number(int group) {
      return Long.parseLong(line.group(group));
    }
  }

  /**
   * Runs {@code mainClass} with {@code java}; scrapes the agent when {@code withAgent} (its {@code
   * -javaagent} among {@code jvmArgs}); asserts the program then returns with status 0.
   */
  static Result run(
      String java,
      String mainClass,
      List<String> jvmArgs,
      List<String> args,
      Pattern line,
      boolean withAgent)
      throws Exception {
    try (ForkedServer app = ForkedServer.start(java, mainClass, jvmArgs, args, Map.of(), false)) {
      Matcher matched = await(app, line);
      Scrape scrape = null;
      if (withAgent) {
        int port = Integer.parseInt(app.awaitStderr(AgentedServer.SERVING, Duration.ofSeconds(30)));
        scrape = Scrape.of(port);
      }
      app.process().getOutputStream().close();
      assertTrue(app.process().waitFor(30, TimeUnit.SECONDS), "the program returned");
      assertEquals(0, app.process().exitValue(), app.stderr());
      return new Result(matched, scrape, app.stderr());
    }
  }

  private static Matcher await(ForkedServer app, Pattern line) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = line.matcher(app.stdout());
      if (m.find()) {
        return m;
      }
      if (!app.process().isAlive()) {
        throw new AssertionError(
            "the program exited with "
                + app.process().exitValue()
                + " before printing /"
                + line
                + "/\n"
                + app.stdout()
                + "\n"
                + app.stderr());
      }
      Thread.sleep(50);
    }
    throw new AssertionError(
        "no /" + line + "/ line within 3 minutes\n" + app.stdout() + "\n" + app.stderr());
  }
}
