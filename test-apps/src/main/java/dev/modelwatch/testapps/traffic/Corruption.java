package dev.modelwatch.testapps.traffic;

/** The ways {@link TrafficMode#CORRUPT} damages a row. */
public enum Corruption {
  /** One field is {@code NaN}: parsed, passed to the model as a missing value. */
  NAN,
  /** One field is empty: a missing value. */
  EMPTY,
  /** One field is {@code abc}: the server refuses the request (400). */
  WRONG_TYPE,
  /** The last 1 to 3 fields are cut off: absent features. */
  SHORT
}
