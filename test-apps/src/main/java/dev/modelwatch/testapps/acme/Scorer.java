package dev.modelwatch.testapps.acme;

/**
 * An in-house scoring library that the agent knows nothing of: a named scorer of one {@link Row}.
 * Its support is an extension jar that the tests build themselves.
 */
public final class Scorer {
  private final String name;
  private final double weight;

  public Scorer(String name, double weight) {
    this.name = name;
    this.weight = weight;
  }

  public String name() {
    return name;
  }

  public double score(Row row) {
    return weight * row.amount() + (row.country() == null ? 0 : row.country().length());
  }
}
