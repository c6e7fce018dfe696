package dev.modelwatch.agent.drift;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The drift statistics of one feature or output over the current window. */
public final class ColumnDrift {
  private final String name;
  private final boolean output;
  private final long samples;
  private final Map<String, Double> statistics;
  private final Map<String, Double> pvalues;
  private final DriftVerdict verdict;

  ColumnDrift(
      String name,
      boolean output,
      long samples,
      Map<String, Double> statistics,
      Map<String, Double> pvalues,
      DriftVerdict verdict) {
    this.name = name;
    this.output = output;
    this.samples = samples;
    this.statistics = Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
    this.pvalues = Collections.unmodifiableMap(new LinkedHashMap<>(pvalues));
    this.verdict = verdict;
  }

  public String name() {
    return name;
  }

  /** True for a model output (prior drift), false for an input feature. */
  public boolean output() {
    return output;
  }

  /** Values of this column in the window. */
  public long samples() {
    return samples;
  }

  /** Statistic name ({@code psi}, {@code ks}, {@code js}, {@code chi2}) to value. */
  public Map<String, Double> statistics() {
    return statistics;
  }

  /** Statistic name ({@code ks}, {@code chi2}) to its p-value. */
  public Map<String, Double> pvalues() {
    return pvalues;
  }

  /** ok, warning or drift, by {@link DriftVerdict}'s rule. */
  public DriftVerdict verdict() {
    return verdict;
  }

  @Override
  public String toString() {
    return (output ? "output " : "feature ")
        + name
        + " n="
        + samples
        + " "
        + statistics
        + " p="
        + pvalues
        + " "
        + verdict;
  }
}
