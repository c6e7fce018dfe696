package dev.modelwatch.testapps.plain;

import dev.modelwatch.testapps.data.WineData;

/**
 * A plain Java model that predicts the wine data's own noiseless quality score ({@link
 * WineData#score}): its errors against the generator's labels are the label noise alone, until the
 * concept changes. Same shape as {@link LinearWineModel}.
 */
public class WineScoreModel {
  /** The predicted quality; throws when the row does not have exactly 12 values. */
  public float predict(float[] features) {
    if (features == null || features.length != WineData.COLUMNS) {
      throw new IllegalArgumentException(
          "expected "
              + WineData.COLUMNS
              + " features, got "
              + (features == null ? "null" : features.length));
    }
    return (float) WineData.score(features);
  }
}
