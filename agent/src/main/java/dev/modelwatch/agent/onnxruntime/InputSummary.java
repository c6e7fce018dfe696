package dev.modelwatch.agent.onnxruntime;

import dev.modelwatch.extension.FeatureSink;
import java.nio.Buffer;

/**
 * Summarises each row of a large input (an image, an embedding) in one pass: element count, mean,
 * min, max and share of zeros. NaN elements count in the element count but not in the other
 * statistics; a row of NaN only has them missing.
 */
final class InputSummary {
  private InputSummary() {}

  /**
   * @param features feature index per statistic of {@link SummaryFeatures#STATISTICS}, -1 when not
   *     recorded
   */
  static void record(
      Buffer elements, int type, int rows, int width, int[] features, FeatureSink sink) {
    for (int r = 0; r < rows; r++) {
      int offset = r * width;
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      int numbers = 0;
      int zeros = 0;
      for (int i = 0; i < width; i++) {
        double value = OrtValues.at(elements, type, offset + i);
        if (value != value) {
          continue;
        }
        numbers++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (value == 0) {
          zeros++;
        }
      }
      write(sink, features[SummaryFeatures.COUNT], width);
      write(sink, features[SummaryFeatures.MEAN], numbers == 0 ? Double.NaN : sum / numbers);
      write(sink, features[SummaryFeatures.MIN], numbers == 0 ? Double.NaN : min);
      write(sink, features[SummaryFeatures.MAX], numbers == 0 ? Double.NaN : max);
      write(
          sink,
          features[SummaryFeatures.ZERO_SHARE],
          numbers == 0 ? Double.NaN : (double) zeros / numbers);
    }
  }

  private static void write(FeatureSink sink, int feature, double value) {
    if (feature >= 0) {
      sink.numeric(feature, value);
    }
  }
}
