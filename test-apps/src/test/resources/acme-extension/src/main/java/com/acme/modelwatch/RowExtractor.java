package com.acme.modelwatch;

import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.InputExtractor;
import java.util.List;

/**
 * Reads a {@code Row}: each feature from the getter of its name (or its {@code path:}), a number for a numeric
 * feature, text for a categorical one; {@code null} is a missing value.
 */
final class RowExtractor implements InputExtractor {
  private final String[] getters;
  private final boolean[] categorical;

  RowExtractor(List<? extends FeatureSpec> features) {
    getters = new String[features.size()];
    categorical = new boolean[features.size()];
    for (int f = 0; f < getters.length; f++) {
      FeatureSpec feature = features.get(f);
      getters[f] = feature.path() != null ? feature.path() : feature.name();
      categorical[f] = feature.categorical();
    }
  }

  @Override
  public void extract(Object row, FeatureSink sink) throws ExtractionException {
    if (row == null) {
      sink.missingRow(getters.length);
      return;
    }
    for (int f = 0; f < getters.length; f++) {
      Object value = Reflection.call(row, getters[f]);
      if (value == null) {
        sink.missing(f);
      } else if (categorical[f]) {
        sink.category(f, value.toString());
      } else if (value instanceof Number) {
        sink.numeric(f, ((Number) value).doubleValue());
      } else {
        sink.unreadable(f, new ExtractionException("feature '" + getters[f] + "' is a "
            + ExtractionException.describe(value) + ", not a number; configure it with kind: categorical"));
      }
    }
    sink.endRow();
  }
}
