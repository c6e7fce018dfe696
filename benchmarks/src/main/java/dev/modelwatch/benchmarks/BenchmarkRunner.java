package dev.modelwatch.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs every benchmark in one go and writes one JMH JSON file. JMH attaches JVM options per run,
 * not per benchmark, so the run is made of passes: the models without the agent (uninstrumented and
 * hand-written), then the same {@code predict} benchmarks in forks started with {@code -javaagent:}
 * the real shaded jar and a config written here, at 1 and 2 threads; the {@code agent} parameter in
 * the results says which config a fork ran with.
 *
 * <p>Usage: {@code BenchmarkRunner --agent-jar PATH --results FILE [--passes a,b] [--models
 * Linear|Mlp] [--previous-agent-jar PATH] [--virtual-jvm PATH] [JMH options]}, e.g. {@code -f 1 -wi
 * 3 -w 1s -i 5 -r 1s -prof gc}. With {@code --previous-agent-jar} (an earlier build of the agent),
 * the pass {@code previous} runs the agent pass's benchmarks with it, so that a change near the hot
 * path is measured before and after in one run. The pass {@code virtual} runs {@link
 * VirtualThreadBenchmark} on the JDK {@code --virtual-jvm} names (21+), without the agent, with it,
 * and with the previous agent when given.
 */
public final class BenchmarkRunner {

  private BenchmarkRunner() {}

  public static void main(String[] args)
      throws IOException, RunnerException, CommandLineOptionException {
    Path agentJar = null;
    Path results = Paths.get("benchmarks/results/jmh-results.json");
    List<String> passes = List.of("none", "agent", "sampling-0.1", "unsampled", "scrape-30x50");
    String modelNames = "Linear|Mlp|Categorical|Tribuo|Onnx";
    Path previousJar = null;
    String virtualJvm = null;
    List<String> jmhArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--agent-jar":
          agentJar = Paths.get(args[++i]).toAbsolutePath();
          break;
        case "--results":
          results = Paths.get(args[++i]).toAbsolutePath();
          break;
        case "--models":
          modelNames = args[++i];
          break;
        case "--passes":
          passes = List.of(args[++i].split(","));
          break;
        case "--previous-agent-jar":
          previousJar = Paths.get(args[++i]).toAbsolutePath();
          break;
        case "--virtual-jvm":
          virtualJvm = args[++i];
          break;
        default:
          jmhArgs.add(args[i]);
      }
    }
    if (agentJar == null || !Files.isRegularFile(agentJar)) {
      throw new IllegalArgumentException(
          "--agent-jar must name the shaded agent jar (agent/target/modelwatch-agent.jar; build it with"
              + " mvn -B -o -pl agent -am package -DskipTests); found "
              + agentJar);
    }
    String models = "\\.(" + modelNames + ")Benchmark\\.";
    CommandLineOptions jmh = new CommandLineOptions(jmhArgs.toArray(new String[0]));
    Path configs = Files.createTempDirectory("modelwatch-bench-configs-");
    int port = freePort();
    List<RunResult> all = new ArrayList<>();
    for (String pass : passes) {
      switch (pass) {
        case "none":
          for (int threads : new int[] {1, 2}) {
            all.addAll(
                run(jmh, models + "(predict|handWritten)$", threads, AgentCheck.NONE, null, port));
          }
          break;
        case "agent":
          Path config = AgentConfigs.write(configs, "models.yaml", AgentConfigs.models(port, 1.0));
          for (int threads : new int[] {1, 2}) {
            all.addAll(
                run(
                    jmh,
                    models + "predict$",
                    threads,
                    "sampling-1.0",
                    attach(agentJar, config),
                    port));
          }
          break;
        case "embedding":
          // a 384-dimensional embedding output with 8 centroids, without and with the agent
          Path embedding =
              AgentConfigs.write(configs, "embedding.yaml", AgentConfigs.embedding(port, configs));
          all.addAll(run(jmh, "\\.EmbeddingBenchmark\\.predict$", 1, AgentCheck.NONE, null, port));
          all.addAll(
              run(
                  jmh,
                  "\\.EmbeddingBenchmark\\.predict$",
                  1,
                  "embedding",
                  attach(agentJar, embedding),
                  port));
          break;
        case "text":
          // a text of about 100 characters with profile: text and a vocabulary, without and with
          // the agent
          Path text = AgentConfigs.write(configs, "text.yaml", AgentConfigs.text(port, configs));
          all.addAll(run(jmh, "\\.TextBenchmark\\.predict$", 1, AgentCheck.NONE, null, port));
          all.addAll(
              run(jmh, "\\.TextBenchmark\\.predict$", 1, "text", attach(agentJar, text), port));
          break;
        case "timing-every":
          // every call timed, as the agent does at low call rates: the per-call figure there
          Path every =
              AgentConfigs.write(
                  configs,
                  "models-timing-every.yaml",
                  AgentConfigs.everyCallTimed(AgentConfigs.models(port, 1.0)));
          for (int threads : new int[] {1, 2}) {
            all.addAll(
                run(
                    jmh,
                    models + "predict$",
                    threads,
                    "timing-every",
                    attach(agentJar, every),
                    port));
          }
          break;
        case "previous":
          if (previousJar == null || !Files.isRegularFile(previousJar)) {
            throw new IllegalArgumentException(
                "the pass 'previous' needs --previous-agent-jar; found " + previousJar);
          }
          Path same = AgentConfigs.write(configs, "models.yaml", AgentConfigs.models(port, 1.0));
          for (int threads : new int[] {1, 2}) {
            all.addAll(
                run(
                    jmh,
                    models + "predict$",
                    threads,
                    "previous sampling-1.0",
                    attach(previousJar, same),
                    port));
          }
          break;
        case "virtual":
          if (virtualJvm == null) {
            throw new IllegalArgumentException(
                "the pass 'virtual' needs --virtual-jvm, a java of JDK 21 or later");
          }
          Path linear = AgentConfigs.write(configs, "linear.yaml", AgentConfigs.linear(port, 1.0));
          String include = "\\.VirtualThreadBenchmark\\.predict$";
          all.addAll(run(jmh, include, 1, AgentCheck.NONE, null, port, virtualJvm));
          all.addAll(
              run(jmh, include, 1, "sampling-1.0", attach(agentJar, linear), port, virtualJvm));
          if (previousJar != null) {
            all.addAll(
                run(
                    jmh,
                    include,
                    1,
                    "previous sampling-1.0",
                    attach(previousJar, linear),
                    port,
                    virtualJvm));
          }
          break;
        case "discovered":
          // the Tribuo and ONNX Runtime models with the same 11 features discovered instead of
          // configured
          Path discovered =
              AgentConfigs.write(configs, "discovered.yaml", AgentConfigs.discovered(port));
          for (int threads : new int[] {1, 2}) {
            all.addAll(
                run(
                    jmh,
                    "\\.(Tribuo|Onnx)Benchmark\\.predict$",
                    threads,
                    "discovered",
                    attach(agentJar, discovered),
                    port));
          }
          break;
        case "sampling-0.1":
          Path sampled =
              AgentConfigs.write(
                  configs, "linear-sampling-0.1.yaml", AgentConfigs.linear(port, 0.1));
          all.addAll(
              run(
                  jmh,
                  "\\.LinearBenchmark\\.predict$",
                  1,
                  "sampling-0.1",
                  attach(agentJar, sampled),
                  port));
          break;
        case "unsampled":
          // a rate so small that no call in the run is sampled: the cost of every unsampled call
          Path unsampled =
              AgentConfigs.write(configs, "linear-unsampled.yaml", AgentConfigs.linear(port, 1e-9));
          all.addAll(
              run(
                  jmh,
                  "\\.LinearBenchmark\\.predict$",
                  1,
                  "unsampled",
                  attach(agentJar, unsampled),
                  port));
          break;
        case "capture-unsampled":
          // the unsampled pass with payload capture on but never sampled either: the cost of
          // every call that is not captured
          Path captureUnsampled =
              AgentConfigs.write(
                  configs,
                  "linear-capture-unsampled.yaml",
                  AgentConfigs.linearCapturing(
                      port, 1e-9, 1e-9, Files.createTempDirectory("modelwatch-bench-capture-")));
          all.addAll(
              run(
                  jmh,
                  "\\.LinearBenchmark\\.predict$",
                  1,
                  "capture-unsampled",
                  attach(agentJar, captureUnsampled),
                  port));
          break;
        case "scrape-30x50":
          Path wide = AgentConfigs.write(configs, "wide-30x50.yaml", AgentConfigs.wide(port));
          all.addAll(run(jmh, "\\.ScrapeBenchmark\\.", 0, "30x50", attach(agentJar, wide), port));
          break;
        case "scrape-30x50-baselines":
        case "previous-scrape-30x50-baselines":
          {
            // the same with a baseline per model: own bucket bounds per feature, the baseline
            // gauges and the drift series in every scrape; the previous- pass runs the earlier
            // build, for a before/after table from one run
            boolean previous = pass.startsWith("previous-");
            if (previous && (previousJar == null || !Files.isRegularFile(previousJar))) {
              throw new IllegalArgumentException(
                  "the pass '" + pass + "' needs --previous-agent-jar; found " + previousJar);
            }
            Path wideBaselines =
                AgentConfigs.write(
                    configs,
                    "wide-30x50-baselines.yaml",
                    AgentConfigs.wideWithBaselines(port, configs));
            all.addAll(
                run(
                    jmh,
                    "\\.ScrapeBenchmark\\.",
                    0,
                    (previous ? "previous " : "") + "30x50 baselines",
                    attach(previous ? previousJar : agentJar, wideBaselines),
                    port));
            break;
          }
        default:
          throw new IllegalArgumentException(
              "unknown pass '"
                  + pass
                  + "'; passes are none, agent, timing-every, previous, virtual, discovered, sampling-0.1,"
                  + " unsampled, capture-unsampled,"
                  + " scrape-30x50, scrape-30x50-baselines, previous-scrape-30x50-baselines");
      }
      write(all, results);
    }
    System.out.println("results: " + results);
  }

  private static String attach(Path agentJar, Path config) {
    return "-javaagent:" + agentJar + "=config=" + config;
  }

  private static List<RunResult> run(
      CommandLineOptions jmh, String include, int threads, String agent, String javaagent, int port)
      throws RunnerException {
    return run(jmh, include, threads, agent, javaagent, port, null);
  }

  private static List<RunResult> run(
      CommandLineOptions jmh,
      String include,
      int threads,
      String agent,
      String javaagent,
      int port,
      String jvm)
      throws RunnerException {
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .parent(jmh)
            .include(include)
            .param("agent", agent)
            .shouldFailOnError(true);
    if (threads > 0) {
      options.threads(threads);
    }
    if (jvm != null) {
      options.jvm(jvm);
    }
    List<String> jvmArgs = new ArrayList<>(List.of("-D" + AgentCheck.PORT_PROPERTY + "=" + port));
    if (javaagent != null) {
      jvmArgs.add(javaagent);
    }
    options.jvmArgsAppend(jvmArgs.toArray(new String[0]));
    return new ArrayList<>(new Runner(options.build()).run());
  }

  private static void write(List<RunResult> results, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (PrintStream out = new PrintStream(Files.newOutputStream(file), true, "UTF-8")) {
      ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(results);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
