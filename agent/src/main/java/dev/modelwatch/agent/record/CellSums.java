package dev.modelwatch.agent.record;

/**
 * The recording cells of every model of a generation summed over writers in one pass ({@link
 * CellRegistry#sumAll}): what one scrape reads. The exposition, the drift statistics, the accuracy
 * estimates and the page all read the same sums, so a scrape's histograms, its drift gauges and its
 * estimates describe the same calls. Read-only: nothing writes into the arrays it returns.
 */
public final class CellSums {
  private final long[][] byModel;

  CellSums(long[][] byModel) {
    this.byModel = byModel;
  }

  /** The summed cells of {@code model}, in its layout. */
  public long[] of(int model) {
    if (model < 0 || model >= byModel.length) {
      throw new IllegalArgumentException(
          "model " + model + " is not one of the " + byModel.length + " summed");
    }
    return byModel[model];
  }
}
