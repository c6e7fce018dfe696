package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.CONFIG;
import static dev.modelwatch.testapps.agent.PlainServerAgentTest.GOOD_ROW;
import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static dev.modelwatch.testapps.agent.PlainServerAgentTest.SHORT_ROW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The agent needs no writable disk (a Kubernetes pod with {@code readOnlyRootFilesystem: true} and
 * no {@code /tmp} volume): it starts, instruments and records without writing a file.
 */
class ReadOnlyFileSystemTest {
  @Test
  void recordsExactCountsWhenTheTemporaryDirectoryCannotBeCreated() throws Exception {
    Path dir = Files.createDirectories(Paths.get("target", "forked")).toAbsolutePath();
    Path file = Files.createTempFile(dir, "not-a-directory-", ".txt");
    // a directory under a regular file cannot be created or written, not even by root
    Path tmpdir = file.resolve("tmp");
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            CONFIG,
            List.of("--port", "0"),
            List.of("-Djava.io.tmpdir=" + tmpdir),
            Map.of())) {
      for (int i = 0; i < 16; i++) {
        Http.post(app.appPort(), "/predict", i % 4 == 0 ? SHORT_ROW : GOOD_ROW);
      }
      PlainServerAgentTest.assertExactCounts(app.scrape(), 16, 4);
      assertFalse(app.server().stderr().contains("ERROR"), app.server().stderr());
    }
  }

  @Test
  void writesNoFileIntoTheTemporaryDirectory() throws Exception {
    Path tmpdir =
        Files.createTempDirectory(
            Files.createDirectories(Paths.get("target", "forked")), "tmpdir-");
    try (AgentedServer app =
        AgentedServer.start(
            MAIN,
            CONFIG,
            List.of("--port", "0"),
            List.of("-Djava.io.tmpdir=" + tmpdir.toAbsolutePath()),
            Map.of())) {
      Http.post(app.appPort(), "/predict", GOOD_ROW);
      assertEquals(1, app.scrape().value("model_predictions_total", "model", "wine"));
      try (Stream<Path> files = Files.list(tmpdir)) {
        assertEquals(List.of(), files.map(Path::toString).collect(Collectors.toList()));
      }
    }
  }
}
