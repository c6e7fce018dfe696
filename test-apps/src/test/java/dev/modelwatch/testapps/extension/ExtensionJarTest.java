package dev.modelwatch.testapps.extension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.acme.AcmeScoring;
import dev.modelwatch.testapps.agent.AgentJar;
import dev.modelwatch.testapps.agent.AgentedServer;
import dev.modelwatch.testapps.agent.CommandLineTest;
import dev.modelwatch.testapps.agent.Scrape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A third party's library, supported without forking the agent: the Acme scoring library ({@code
 * Scorer.score(Row)}, in the test apps) gets its support from an extension jar built here from the
 * sources in {@code src/test/resources/acme-extension} (the example of docs/extensions.md), loaded
 * with {@code extensions=}. Its models are selected by the extension's own selector and counted
 * exactly.
 */
class ExtensionJarTest {
  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: fraud-eu",
          "    intercept: {library: acme, scorer_name: fraud-eu}",
          "    features: [{name: amount}, {name: country, kind: categorical}]",
          "    outputs: [{name: score, kind: regression}]",
          "  - name: fraud-us",
          "    intercept: {library: acme, scorer_name: 'fraud-u*'}",
          "    features: [{name: amount}, {name: country, kind: categorical}]",
          "    outputs: [{name: score, kind: regression}]",
          "");
  static final Pattern SENT =
      Pattern.compile(
          "(?m)^(\\S+) rows (\\d+) sum ([0-9.]+) countries DE=(\\d+) FR=(\\d+) US=(\\d+) missing=(\\d+)$");

  static Path extensionJar() throws Exception {
    Path project = Paths.get("src", "test", "resources", "acme-extension").toAbsolutePath();
    Path work =
        Files.createDirectories(Paths.get("target", "extensions", "acme-" + System.nanoTime()));
    return ExtensionJar.build(project, work).toAbsolutePath();
  }

  /** The scoring job with the agent; it waits for a line on standard input before it returns. */
  static ForkedServer start(String agentArguments, String... rows) throws Exception {
    return ForkedServer.start(
        ForkedServer.javaExecutable(),
        AcmeScoring.class.getName(),
        List.of(AgentJar.javaagent(agentArguments)),
        List.of(rows),
        Map.of(),
        false);
  }

  static int agentPort(ForkedServer job) throws InterruptedException {
    return Integer.parseInt(job.awaitStderr(AgentedServer.SERVING, Duration.ofSeconds(60)));
  }

  @Test
  void anExtensionJarsLibraryIsValidatedSelectedAndCountedExactly() throws Exception {
    Path jar = extensionJar();
    Path config = AgentedServer.writeConfig(CONFIG);
    try (ForkedServer job =
        start("config=" + config + ",port=0,extensions=" + jar, "700", "450", "130")) {
      job.awaitStdout("SCORED", Duration.ofSeconds(60));
      Scrape scrape = Scrape.of(agentPort(job));
      Matcher sent = SENT.matcher(job.stdout());
      int models = 0;
      while (sent.find()) {
        String scorer = sent.group(1);
        long rows = Long.parseLong(sent.group(2));
        if (scorer.equals("churn")) {
          // no configured model selects it: counted as unmatched, recorded nowhere
          assertEquals(
              rows, scrape.value("modelwatch_agent_unmatched_calls_total", "library", "acme"));
          continue;
        }
        models++;
        assertEquals(rows, scrape.value("model_predictions_total", "model", scorer));
        assertEquals(
            rows, scrape.value("model_feature_value_count", "model", scorer, "feature", "amount"));
        assertEquals(
            Long.parseLong(sent.group(7)),
            scrape.value("model_feature_missing_total", "model", scorer, "feature", "country"));
        String[] countries = {"DE", "FR", "US"};
        for (int c = 0; c < countries.length; c++) {
          assertEquals(
              Long.parseLong(sent.group(4 + c)),
              scrape.value(
                  "model_feature_category_total",
                  "model",
                  scorer,
                  "feature",
                  "country",
                  "category",
                  countries[c]));
        }
        assertEquals(
            rows, scrape.value("model_output_value_count", "model", scorer, "output", "score"));
        assertEquals(
            Double.parseDouble(sent.group(3)),
            scrape.value("model_output_value_sum", "model", scorer, "output", "score"),
            0.05);
      }
      assertEquals(2, models, job.stdout());
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"));
      assertEquals(0, scrape.value("modelwatch_agent_errors_total", "stage", "config"));
      assertTrue(
          job.stderr().contains("acme calls on scorer 'churn' match no configured model"),
          job.stderr());
      job.sendLine("return");
    }
  }

  @Test
  void aMissingExtensionJarIsSaidAndTheApplicationRunsUnmonitored() throws Exception {
    Path config = AgentedServer.writeConfig(CONFIG);
    Path missing = Paths.get("target", "extensions", "no-such.jar").toAbsolutePath();
    try (ForkedServer job =
        start("config=" + config + ",port=0,extensions=" + missing, "10", "10", "10")) {
      job.awaitStdout("SCORED", Duration.ofSeconds(60));
      String log = job.stderr();
      assertTrue(
          log.contains("extension jar " + missing + " is not loaded: the file does not exist"),
          log);
      assertTrue(log.contains("unknown library 'acme'"), log);
      assertTrue(log.contains("WITHOUT model monitoring"), log);
      Scrape scrape = Scrape.of(agentPort(job));
      assertEquals(
          2,
          scrape.value("modelwatch_agent_errors_total", "stage", "config"),
          "the jar, and the config");
      assertFalse(scrape.hasMetric("model_predictions_total"), scrape.text());
      job.sendLine("return");
    }
  }

  @Test
  void checkConfigKnowsTheExtensionsLibrariesWhenGivenTheJar() throws Exception {
    Path jar = extensionJar();
    Path config = AgentedServer.writeConfig(CONFIG);
    CommandLineTest.Result known =
        CommandLineTest.run("check-config", "--extensions", jar.toString(), config.toString());
    assertEquals(0, known.exit, known.output);
    assertTrue(
        known.output.contains("fraud-eu: Acme scoring models whose scorer_name fraud-eu"),
        known.output);
    CommandLineTest.Result unknown = CommandLineTest.run("check-config", config.toString());
    assertEquals(1, unknown.exit, unknown.output);
    assertTrue(
        unknown.output.contains(
            "models[0].intercept.library: unknown library 'acme'; expected one of onnxruntime,"
                + " djl, tribuo"),
        unknown.output);
  }
}
