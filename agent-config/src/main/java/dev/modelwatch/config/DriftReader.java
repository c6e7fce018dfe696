package dev.modelwatch.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Walks a model's {@code drift}: window, slices, min_samples, statistics, thresholds. */
final class DriftReader {
  static final List<String> KEYS =
      NodeReader.keys("window", "slices", "min_samples", "statistics", "thresholds");
  static final int MAX_SLICES = 1000;

  private final NodeReader reader;

  DriftReader(NodeReader reader) {
    this.reader = reader;
  }

  DriftConfig read(MappingReader model) {
    MappingReader drift = model.mapping("drift", KEYS);
    if (drift == null) {
      return DriftConfig.DEFAULTS;
    }
    Duration window = window(drift);
    int slices = (int) drift.integer("slices", DriftConfig.DEFAULT_SLICES, 1, MAX_SLICES);
    if (window != null && window.toMillis() < slices * 1000L) {
      long maxSlices = window.toMillis() / 1000L;
      drift.problem(
          drift.has("slices") ? "slices" : "window",
          "a window of "
              + Durations.format(window)
              + " cut into "
              + slices
              + " slices gives slices shorter than 1s; "
              + (maxSlices >= 1 ? "use at most " + maxSlices + " slices or " : "use ")
              + "a window of at least "
              + slices
              + "s");
    }
    long minSamples =
        drift.integer("min_samples", DriftConfig.DEFAULT_MIN_SAMPLES, 1, Long.MAX_VALUE);
    Set<String> statistics = statistics(drift);
    if (!statistics.isEmpty()
        && !statistics.contains(DriftStatistic.KS.label())
        && !statistics.contains(DriftStatistic.CHI2.label())) {
      drift.problem(
          "statistics",
          "list ks or chi2 as well: a numeric column drifts only when a test rejects"
              + " (see thresholds.pvalue), and ks or chi2 is that test");
    }
    Map<String, Double> thresholds = thresholds(drift);
    return new DriftConfig(
        window == null ? DriftConfig.DEFAULT_WINDOW : window,
        slices,
        minSamples,
        statistics,
        thresholds);
  }

  private Duration window(MappingReader drift) {
    if (!drift.has("window")) {
      return DriftConfig.DEFAULT_WINDOW;
    }
    String text = reader.string(drift.node("window"), drift.path("window"));
    if (text == null) {
      return null;
    }
    try {
      Duration window = Durations.parse(text);
      if (window.isZero()) {
        drift.problem("window", "must be longer than 0s");
        return null;
      }
      return window;
    } catch (IllegalArgumentException e) {
      drift.problem("window", e.getMessage());
      return null;
    }
  }

  private Set<String> statistics(MappingReader drift) {
    List<Node> items = drift.list("statistics", "[psi, ks, js]");
    if (items == null) {
      return DriftConfig.DEFAULTS.statistics();
    }
    if (items.isEmpty()) {
      drift.problem(
          "statistics",
          "list at least one of "
              + String.join(", ", DriftConfig.STATISTICS)
              + ", or remove the key for the default [psi, ks, js]");
    }
    Set<String> statistics = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String path = drift.path("statistics") + "[" + i + "]";
      String statistic = reader.choice(items.get(i), path, "statistic", DriftConfig.STATISTICS);
      if (statistic != null && !statistics.add(statistic)) {
        reader.problem(items.get(i), path, "'" + statistic + "' is listed twice");
      }
    }
    return statistics;
  }

  private Map<String, Double> thresholds(MappingReader drift) {
    Map<String, Double> thresholds = new LinkedHashMap<>(DriftConfig.DEFAULT_THRESHOLDS);
    MappingReader given = drift.mapping("thresholds", DriftConfig.THRESHOLD_NAMES);
    if (given == null) {
      return thresholds;
    }
    for (String name : DriftConfig.THRESHOLD_NAMES) {
      Double value = given.number(name);
      if (value == null) {
        continue;
      }
      boolean pvalue = name.equals(DriftStatistic.PVALUE);
      if (value <= 0 || pvalue && value >= 1) {
        given.problem(
            name,
            "must be "
                + (pvalue ? "between 0 and 1 (exclusive)" : "greater than 0")
                + ", found "
                + NodeReader.describe(given.node(name)));
        continue;
      }
      thresholds.put(name, value);
    }
    for (String effect : DriftConfig.EFFECT_SIZES) {
      String warning = effect + DriftConfig.WARNING_SUFFIX;
      if (thresholds.get(warning) > thresholds.get(effect)) {
        if (given.has(warning)) {
          given.problem(
              warning,
              "must not be above "
                  + effect
                  + " ("
                  + thresholds.get(effect)
                  + "): a warning comes before drift");
        } else {
          // a drift level set below the default warning level: no separate warning tier
          thresholds.put(warning, thresholds.get(effect));
        }
      }
    }
    return thresholds;
  }
}
