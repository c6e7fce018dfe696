package dev.modelwatch.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.LibraryCatalog;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.baseline.BaselineFile;
import dev.modelwatch.config.baseline.BaselineProfile;
import dev.modelwatch.extension.LibrarySupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The build never runs JMH; this checks that what run.sh would run is wired. */
class BenchmarkWiringTest {
  /**
   * The libraries of the agent the forks run with: its built-in supports, found in the agent jar as
   * the agent finds them.
   */
  static final LibraryCatalog LIBRARIES = agentLibraries();

  static LibraryCatalog agentLibraries() {
    Path jar =
        Paths.get("..", "agent", "target", "modelwatch-agent.jar").toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(jar), "build the agent jar first: " + jar);
    try {
      URLClassLoader loader =
          new URLClassLoader(
              new URL[] {jar.toUri().toURL()}, BenchmarkWiringTest.class.getClassLoader());
      return LibraryCatalog.of(ServiceLoader.load(LibrarySupport.class, loader));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static AgentConfig parse(String yaml, Path source) throws Exception {
    return ConfigLoader.parse(yaml, source, LIBRARIES);
  }

  @Test
  void jmhGeneratedEveryBenchmarkTheRunnerIncludes() throws IOException {
    String list;
    try (InputStream in = getClass().getResourceAsStream("/META-INF/BenchmarkList")) {
      assertNotNull(
          in, "JMH's annotation processor did not run: META-INF/BenchmarkList is missing");
      list = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (String model : List.of("Linear", "Mlp", "Tribuo", "Onnx")) {
      for (String method : List.of("predict", "handWritten")) {
        assertTrue(
            list.contains(model + "Benchmark_" + method + "_jmhTest"),
            model + "Benchmark." + method);
      }
    }
    assertTrue(
        list.contains("CategoricalBenchmark_predict_jmhTest"), "CategoricalBenchmark.predict");
    assertTrue(
        list.contains("ScrapeBenchmark_underLoad_jmhTest"), "ScrapeBenchmark underLoad group");
    assertTrue(
        list.contains("ScrapeBenchmark_predictAlone_jmhTest"), "ScrapeBenchmark.predictAlone");
  }

  @Test
  void theAgentConfigsTheForksRunWithAreValid() throws Exception {
    AgentConfig models = parse(AgentConfigs.models(9999, 1.0), Paths.get("models.yaml"));
    assertEquals(List.of("linear", "mlp", "categorical", "tribuo", "onnx"), names(models));
    assertEquals(
        dev.modelwatch.config.FeatureConfig.Kind.CATEGORICAL,
        models.models().get(2).features().get(10).kind());
    assertEquals(11, models.models().get(0).features().size());
    assertEquals(1, models.models().get(0).outputs().size());
    assertEquals(1.0, models.models().get(0).sampling());
    assertEquals(List.of("float[]"), models.models().get(0).intercept().parameters());
    // Tribuo and ONNX Runtime through their presets, with the same 11 features
    assertEquals(11, models.models().get(3).features().size());
    assertEquals(11, models.models().get(4).features().size());
    assertEquals(9999, models.server().port());

    assertEquals(
        0.1, parse(AgentConfigs.linear(1, 0.1), Paths.get("a.yaml")).models().get(0).sampling());
    assertEquals(
        1e-9, parse(AgentConfigs.linear(1, 1e-9), Paths.get("b.yaml")).models().get(0).sampling());

    AgentConfig discovered = parse(AgentConfigs.discovered(1), Paths.get("discovered.yaml"));
    assertEquals(2, discovered.models().size());
    for (ModelConfig model : discovered.models()) {
      assertTrue(
          model.features().isEmpty(), model.name() + ": features are discovered, not listed");
    }
    AgentConfig wide = parse(AgentConfigs.wide(1), Paths.get("wide.yaml"));
    assertEquals(30, wide.models().size());
    for (ModelConfig model : wide.models()) {
      assertEquals(50, model.features().size());
    }
    assertEquals("wide29", wide.models().get(29).name());
    assertEquals("model29", wide.models().get(29).intercept().method());

    Path dir = Files.createTempDirectory("wide-baselines");
    AgentConfig withBaselines =
        parse(AgentConfigs.wideWithBaselines(1, dir), dir.resolve("wide.yaml"));
    for (ModelConfig model : withBaselines.models()) {
      BaselineProfile baseline = BaselineFile.read(dir.resolve(model.name() + "-baseline.yaml"));
      assertEquals(List.of(), baseline.problems(), model.name());
      assertEquals(50, baseline.numericFeatures().size());
      assertEquals(1, baseline.numericOutputs().size());
    }
  }

  private static List<String> names(AgentConfig config) {
    return config.models().stream()
        .map(ModelConfig::name)
        .collect(java.util.stream.Collectors.toList());
  }
}
