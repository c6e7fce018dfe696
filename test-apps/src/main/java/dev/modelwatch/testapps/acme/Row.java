package dev.modelwatch.testapps.acme;

/** One transaction as the in-house scoring library takes it. */
public final class Row {
  private final double amount;
  private final String country;

  public Row(double amount, String country) {
    this.amount = amount;
    this.country = country;
  }

  public double amount() {
    return amount;
  }

  public String country() {
    return country;
  }
}
