package dev.modelwatch.agent.extract;

/**
 * A sink that takes whole vectors, for features and outputs of {@code kind: embedding}: the agent's
 * recording sink turns each into its norm, its nearest baseline centroid and an add into the
 * writer's running sum. Extractors hand it the vector as read, a {@code float[]} or {@code
 * double[]}, without copying.
 */
public interface VectorSink {
  /**
   * The vector of the embedding whose norm column is feature {@code feature}; writes that column
   * and its cluster column.
   */
  void vector(int feature, Object vector);

  /**
   * The vector of the embedding whose norm column is output {@code output}.
   *
   * @return why the vector was not recorded (a length other than the embedding's dimension), or
   *     null
   */
  String outputVector(int output, Object vector);
}
