package dev.modelwatch.agent.page;

/** One bin of a compared column: its label, the baseline's share and the live window's share. */
public final class Bin {
  final String label;
  final double baseline;
  final double live;

  Bin(String label, double baseline, double live) {
    this.label = label;
    this.baseline = baseline;
    this.live = live;
  }

  public String label() {
    return label;
  }

  public double baseline() {
    return baseline;
  }

  /** NaN when the window is empty. */
  public double live() {
    return live;
  }
}
