package dev.modelwatch.agent.capture;

import dev.modelwatch.config.ModelConfig;

/**
 * One sampled call on its way to the writer: its time, prediction id and the values as the agent
 * recorded them, row by row. Row {@code r} holds feature {@code f} at {@code r * width + f} and
 * output {@code o} at {@code r * width + features + o}; a numeric slot is read from {@link
 * #numbers} (NaN: missing), a categorical or class slot from {@link #texts} (null: missing).
 */
final class CapturedCall {
  final ModelCapture capture;
  final ModelConfig model;
  final long epochMillis;
  final String predictionId;
  final int rows;
  final double[] numbers;
  final String[] texts;

  CapturedCall(
      ModelCapture capture,
      ModelConfig model,
      long epochMillis,
      String predictionId,
      int rows,
      double[] numbers,
      String[] texts) {
    this.capture = capture;
    this.model = model;
    this.epochMillis = epochMillis;
    this.predictionId = predictionId;
    this.rows = rows;
    this.numbers = numbers;
    this.texts = texts;
  }
}
