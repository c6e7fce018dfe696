package dev.modelwatch.agent.instrument;

/**
 * Never loaded: its class file is transformed once, off the application's path, by {@link
 * InstrumentationWarmUp} so that Byte Buddy's transformation code is loaded before the first model
 * class of the application needs it. One method per advice kind.
 */
final class WarmUpTarget {
  private final Object source;

  WarmUpTarget(Object source) {
    this.source = source;
  }

  float predict(float[] input) {
    return input.length;
  }

  Object predict(Object input) {
    return input == null ? source : input;
  }
}
