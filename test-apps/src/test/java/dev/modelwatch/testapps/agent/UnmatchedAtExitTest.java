package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.plain.ReturningJob;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A program that ends before {@code startup_check} still hears, once, at exit, which intercepts
 * instrumented nothing; and the hook that says it does not hold the JVM up.
 */
class UnmatchedAtExitTest {
  private static final String EXITED = "nothing instrumented before the JVM exited";

  @Test
  void aJobThatReturnsAtOnceIsToldAtExitWhichInterceptsMatchedNothing() throws Exception {
    Path config =
        AgentedServer.writeConfig(
            String.join(
                "\n",
                "models:",
                "  - name: wine",
                "    intercept: {class: dev.modelwatch.testapps.plain.LinearWineModel, method: predict}",
                "  - name: job",
                "    intercept: {class: " + ReturningJob.class.getName() + ", method: summarize}",
                ""));
    ForkedServer job =
        ForkedServer.start(
            ForkedServer.javaExecutable(),
            ReturningJob.class.getName(),
            List.of(AgentJar.javaagent("config=" + config + ",port=0")),
            List.of(),
            Map.of(),
            false);
    try {
      // startup_check is 60 s by default: the JVM must end long before it, with its hook run
      assertTrue(
          job.process().waitFor(20, TimeUnit.SECONDS), "the JVM did not exit:\n" + job.stderr());
      assertEquals(0, job.process().exitValue(), job.stderr());
      assertTrue(job.stdout().contains("JOB DONE 2"), job.stdout());
      String stderr = job.stderr();
      assertEquals(1, count(stderr, EXITED), stderr);
      assertTrue(
          stderr.contains(
              "models[0] 'wine' (dev.modelwatch.testapps.plain.LinearWineModel#predict): "
                  + EXITED),
          stderr);
      assertTrue(stderr.contains("the class has not been loaded"), stderr);
      assertFalse(stderr.contains("models[1] 'job'"), stderr);
    } finally {
      job.close();
    }
  }

  private static int count(String text, String part) {
    Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }
}
