package dev.modelwatch.testapps.plain;

import dev.modelwatch.testapps.data.WineData;

/**
 * A plain Java classifier: the wine data's quality class ({@code low}, {@code medium}, {@code
 * high}) of its noiseless score. Same input as {@link LinearWineModel}; returns a label.
 */
public class WineClassModel {
  /** The predicted class; throws when the row does not have exactly 12 values. */
  public String predict(float[] features) {
    if (features == null || features.length != WineData.COLUMNS) {
      throw new IllegalArgumentException(
          "expected "
              + WineData.COLUMNS
              + " features, got "
              + (features == null ? "null" : features.length));
    }
    return WineData.qualityClass(WineData.score(features));
  }
}
