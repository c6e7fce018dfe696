package dev.modelwatch.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How drift against the baseline is computed: a sliding window cut into slices, statistics and their alert thresholds. */
public final class DriftConfig {
    /** Statistics that may be listed; chi2 is always used for categorical features. */
    public static final List<String> STATISTICS = List.of("psi", "ks", "js", "chi2");
    /** Keys of {@link #thresholds()}. */
    public static final List<String> THRESHOLD_NAMES = List.of("psi", "ks", "js", "pvalue");

    static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    static final int DEFAULT_SLICES = 12;
    static final long DEFAULT_MIN_SAMPLES = 100;
    static final Map<String, Double> DEFAULT_THRESHOLDS = defaultThresholds();

    static final DriftConfig DEFAULTS = new DriftConfig(DEFAULT_WINDOW, DEFAULT_SLICES, DEFAULT_MIN_SAMPLES,
            new LinkedHashSet<>(List.of("psi", "ks", "js")), DEFAULT_THRESHOLDS);

    private final Duration window;
    private final int slices;
    private final long minSamples;
    private final Set<String> statistics;
    private final Map<String, Double> thresholds;

    DriftConfig(Duration window, int slices, long minSamples, Set<String> statistics, Map<String, Double> thresholds) {
        this.window = window;
        this.slices = slices;
        this.minSamples = minSamples;
        this.statistics = Collections.unmodifiableSet(new LinkedHashSet<>(statistics));
        this.thresholds = Collections.unmodifiableMap(new LinkedHashMap<>(thresholds));
    }

    private static Map<String, Double> defaultThresholds() {
        Map<String, Double> thresholds = new LinkedHashMap<>();
        thresholds.put("psi", 0.25);
        thresholds.put("ks", 0.1);
        thresholds.put("js", 0.1);
        thresholds.put("pvalue", 0.01);
        return Collections.unmodifiableMap(thresholds);
    }

    /** Length of the sliding window live data is compared over. */
    public Duration window() {
        return window;
    }

    /** Number of slices the window is cut into; the window advances one slice at a time. */
    public int slices() {
        return slices;
    }

    /** Fewer samples than this in the window: no drift value is reported. */
    public long minSamples() {
        return minSamples;
    }

    /** Statistics computed for numeric features, in the order listed; a subset of {@link #STATISTICS}. */
    public Set<String> statistics() {
        return statistics;
    }

    /**
     * Threshold of {@code psi}, {@code ks}, {@code js} or {@code pvalue}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public double threshold(String statistic) {
        Double value = thresholds.get(statistic);
        if (value == null) {
            throw new IllegalArgumentException("no threshold named '" + statistic + "'; known: " + THRESHOLD_NAMES);
        }
        return value;
    }

    /** All four thresholds (psi, ks, js, pvalue), defaults filled in. */
    public Map<String, Double> thresholds() {
        return thresholds;
    }

    @Override
    public String toString() {
        return "DriftConfig{window=" + Durations.format(window) + ", slices=" + slices + ", minSamples=" + minSamples
                + ", statistics=" + statistics + ", thresholds=" + thresholds + '}';
    }
}
