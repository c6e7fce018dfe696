package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.startup.LazyWeavingApp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The agent loads no instrumentation library at JVM start: its relocated ASM is loaded only once a
 * class that matches an intercept is loaded, so a JVM pays for the transformer only when it has
 * something to transform. The real agent jar on {@code -javaagent:}, the JVM's own class loading
 * log on the same stream as the application's markers: no ASM class before the model class is
 * loaded, ASM classes while it is, and the instrumented call still returns its result.
 */
class LazyWeavingTest {
  @Test
  void asmIsLoadedOnlyWhenTheFirstMatchingClassIs() throws Exception {
    Path config =
        AgentedServer.writeConfig(
            String.join(
                "\n",
                "server: {port: 0, host: 127.0.0.1, jvm_metrics: false}",
                "models:",
                "  - name: lazy",
                "    intercept: {class: dev.modelwatch.testapps.startup.BatchScorer, method: score}",
                ""));
    Process process =
        new ProcessBuilder(
                ForkedServer.javaExecutable(),
                "-Xlog:class+load=info:stdout",
                AgentJar.javaagent("config=" + config),
                "-cp",
                ForkedServer.classPath(ForkedServer.moduleDir()),
                LazyWeavingApp.class.getName())
            .redirectErrorStream(true)
            .start();
    String out;
    try {
      out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the application did not end");
    } finally {
      process.destroyForcibly();
    }
    List<String> lines = out.lines().collect(java.util.stream.Collectors.toList());
    int before = lines.indexOf("BEFORE MODEL");
    int after = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("AFTER MODEL")) {
        after = i;
      }
    }
    assertTrue(before >= 0 && after > before, "markers missing:\n" + out);
    assertEquals("AFTER MODEL 4.5", lines.get(after));
    assertTrue(
        lines.stream().anyMatch(line -> line.contains("dev.modelwatch.agent.ModelWatchAgent ")),
        "the agent started:\n" + out);
    List<String> early =
        lines.subList(0, before).stream()
            .filter(line -> line.contains("dev.modelwatch.shaded.asm."))
            .collect(java.util.stream.Collectors.toList());
    assertEquals(List.of(), early, "ASM classes loaded before any class matched");
    assertTrue(
        lines.subList(before, after).stream()
            .anyMatch(line -> line.contains("dev.modelwatch.shaded.asm.ClassReader ")),
        "ASM is loaded to transform the model class:\n" + out);
    assertTrue(
        lines.subList(before, after).stream()
            .anyMatch(line -> line.contains("dev.modelwatch.testapps.startup.BatchScorer ")),
        "the model class loads between the markers:\n" + out);
  }
}
