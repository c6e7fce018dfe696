package dev.modelwatch.testapps.isolation;

import java.util.Map;

/**
 * A model fed with as many distinct labels as the test likes: a category per call, a predicted
 * class per call, and an exception of a distinct class (and message) per failing call.
 */
public class CardinalityModel {
  public String classify(Map<String, Object> row) {
    return "class-" + row.get("category");
  }

  public double fail(RuntimeException toThrow) {
    throw toThrow;
  }
}
