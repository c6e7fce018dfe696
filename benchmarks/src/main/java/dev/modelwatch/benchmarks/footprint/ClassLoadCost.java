package dev.modelwatch.benchmarks.footprint;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's cost per loaded class that matches nothing: a fresh JVM loads 20,000 generated
 * classes ({@link GeneratedClasses}) from its class path, which also holds Tribuo (so the class
 * loader sees a configured library and the agent cannot dismiss it wholesale), without and with the
 * agent configured with one {@code library: tribuo} model. Reported: the time of the loading loop,
 * and the difference per class.
 *
 * <p>Usage: {@code ClassLoadCost --library-classpath CP --agent NAME=JAR [--agent NAME=JAR ...]
 * --runs N [--classes 20000] --out FILE}; rounds alternate the variants as {@link
 * SpringBootStartup} does.
 */
public final class ClassLoadCost {
  private static final Pattern LOADED =
      Pattern.compile("loaded (\\d+) classes in (\\d+) ns, thread CPU (\\d+) ns");

  private ClassLoadCost() {}

  private static List<Double> millis(List<Double> nanos) {
    List<Double> ms = new ArrayList<>();
    nanos.forEach(n -> ms.add(n / 1e6));
    return ms;
  }

  private static String perClass(List<Double> nanos, double baseline, int classes) {
    return String.format(
        Locale.ROOT, "%.1f", (SpringBootStartup.median(nanos) - baseline) / 1e3 / classes);
  }

  public static void main(String[] args) throws Exception {
    String libraryClasspath = null;
    Map<String, Path> agents = new LinkedHashMap<>();
    int runs = 5;
    int classes = 20_000;
    Path out = Paths.get("benchmarks/results/startup-class-load.md");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--library-classpath":
          libraryClasspath = args[++i];
          break;
        case "--agent":
          String[] named = args[++i].split("=", 2);
          agents.put(named[0], Paths.get(named[1]).toAbsolutePath());
          break;
        case "--runs":
          runs = Integer.parseInt(args[++i]);
          break;
        case "--classes":
          classes = Integer.parseInt(args[++i]);
          break;
        case "--out":
          out = Paths.get(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (libraryClasspath == null || agents.isEmpty()) {
      throw new IllegalArgumentException(
          "--library-classpath and at least one --agent NAME=JAR are required");
    }
    Path dir = Files.createTempDirectory("modelwatch-class-load-");
    Path jar = dir.resolve("generated.jar");
    GeneratedClasses.write(jar, classes);
    Path config = dir.resolve("tribuo.yaml");
    Files.writeString(config, "models:\n  - name: unused\n    intercept: {library: tribuo}\n");
    String ownClasses =
        Paths.get(
                GeneratedClasses.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .toString();
    String classpath =
        jar
            + java.io.File.pathSeparator
            + ownClasses
            + java.io.File.pathSeparator
            + libraryClasspath;

    Map<String, List<Double>> nanos = new LinkedHashMap<>();
    Map<String, List<Double>> cpu = new LinkedHashMap<>();
    nanos.put("none", new ArrayList<>());
    agents.keySet().forEach(name -> nanos.put(name, new ArrayList<>()));
    nanos.keySet().forEach(name -> cpu.put(name, new ArrayList<>()));
    int loaded = -1;
    for (int r = 0; r < runs; r++) {
      for (String variant : nanos.keySet()) {
        List<String> command = new ArrayList<>(List.of(SpringBootStartup.java()));
        if (!variant.equals("none")) {
          command.add("-javaagent:" + agents.get(variant) + "=config=" + config + ",port=0");
        }
        command.addAll(List.of("-cp", classpath, GeneratedClasses.Load.class.getName(), "3000"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        long time = -1;
        long cpuTime = -1;
        try (BufferedReader lines =
            new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = lines.readLine()) != null) {
            log.append(line).append('\n');
            Matcher m = LOADED.matcher(line);
            if (m.find()) {
              loaded = Integer.parseInt(m.group(1));
              time = Long.parseLong(m.group(2));
              cpuTime = Long.parseLong(m.group(3));
            }
          }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)
            || time < 0
            || loaded != classes
            || (!variant.equals("none") && !log.toString().contains("ready in"))) {
          process.destroyForcibly();
          throw new IllegalStateException("the loading JVM did not finish as expected:\n" + log);
        }
        nanos.get(variant).add((double) time);
        cpu.get(variant).add((double) cpuTime);
        System.out.printf(
            Locale.ROOT,
            "round %d %-12s %d classes in %.1f ms, thread CPU %.1f ms%n",
            r + 1,
            variant,
            loaded,
            time / 1e6,
            cpuTime / 1e6);
      }
    }
    Files.delete(jar);
    Files.delete(config);
    Files.delete(dir);
    List<String> report = new ArrayList<>();
    report.add(
        String.format(
            Locale.ROOT,
            "%d generated classes loaded in a fresh JVM whose class path also holds Tribuo; agent configured with one"
                + " `library: tribuo` model; JDK %s, %d cores, %d runs per variant, alternating; medians, [min-max];"
                + " load average at the end: %s",
            classes,
            System.getProperty("java.version"),
            Runtime.getRuntime().availableProcessors(),
            runs,
            SpringBootStartup.loadAverage()));
    report.add("");
    report.add(
        "| variant | loading thread CPU (ms) | agent adds per class, CPU (µs) | wall clock (ms) |"
            + " agent adds per class, wall (µs) |");
    report.add("|---|---:|---:|---:|---:|");
    double baselineCpu = SpringBootStartup.median(cpu.get("none"));
    double baselineWall = SpringBootStartup.median(nanos.get("none"));
    for (String variant : nanos.keySet()) {
      boolean none = variant.equals("none");
      report.add(
          String.format(
              Locale.ROOT,
              "| %s | %s | %s | %s | %s |",
              variant,
              SpringBootStartup.spread(millis(cpu.get(variant))),
              none ? "" : perClass(cpu.get(variant), baselineCpu, classes),
              SpringBootStartup.spread(millis(nanos.get(variant))),
              none ? "" : perClass(nanos.get(variant), baselineWall, classes)));
    }
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.write(out, report, StandardCharsets.UTF_8);
    System.out.println();
    report.forEach(System.out::println);
  }
}
