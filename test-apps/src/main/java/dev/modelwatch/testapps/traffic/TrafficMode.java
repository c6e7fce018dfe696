package dev.modelwatch.testapps.traffic;

/** What kind of traffic {@link TrafficGenerator} sends. */
public enum TrafficMode {
  /** Rows from the training distribution. */
  NORMAL("normal"),
  /** Chosen features shifted by {@code shift} standard deviations (color: white share inverted). */
  DATA_DRIFT("data-drift"),
  /** Rows resampled so that a given share of them are high-quality wines: the outputs move. */
  PRIOR_DRIFT("prior-drift"),
  /**
   * Inputs unchanged; the reported labels follow a changed relation (alcohol's effect reversed).
   */
  CONCEPT_DRIFT("concept-drift"),
  /** A share of rows damaged: a NaN, an empty field, a non-number, or a short row. */
  CORRUPT("corrupt"),
  /** Normal rows, several per request (default 16). */
  BATCH("batch");

  private final String cliName;

  TrafficMode(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static TrafficMode parse(String s) {
    for (TrafficMode m : values()) {
      if (m.cliName.equals(s)) {
        return m;
      }
    }
    StringBuilder known = new StringBuilder();
    for (TrafficMode m : values()) {
      known.append(known.length() == 0 ? "" : ",").append(m.cliName);
    }
    throw new IllegalArgumentException("unknown mode '" + s + "'; use one of " + known);
  }
}
