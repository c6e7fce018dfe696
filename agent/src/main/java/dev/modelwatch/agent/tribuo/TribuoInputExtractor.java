package dev.modelwatch.agent.tribuo;

import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.ModelSpec;
import java.util.List;
import java.util.RandomAccess;

/**
 * Reads the configured features of a Tribuo {@code predict} argument: one {@code Example}, or an
 * {@code Iterable} of them (a batch, a {@code Dataset}). Features are found by their Tribuo name; a
 * feature the example does not have counts as missing, which is how Tribuo represents missing
 * values.
 *
 * <p>Per row the steady state fetches the example's arrays once; per feature it costs one identity
 * comparison of the feature name with the name at the position where it was found last time, then
 * an array read: no map look-up, no allocation (for {@code ArrayExample}, the class every Tribuo
 * data source produces).
 */
final class TribuoInputExtractor implements InputExtractor {
  private final String[] names;
  private final boolean[] categorical;
  // where each feature was found in the last example; racy by design, every read is verified
  private final int[] positions;

  TribuoInputExtractor(ModelSpec config) {
    this(config.features());
  }

  TribuoInputExtractor(List<? extends FeatureSpec> features) {
    this.names = new String[features.size()];
    this.categorical = new boolean[features.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] =
          features.get(i).name().intern(); // interned: equal to constants in the app by identity
      categorical[i] = features.get(i).categorical();
    }
    this.positions = new int[names.length];
  }

  @Override
  public void extract(Object input, FeatureSink sink) throws ExtractionException {
    if (input == null) {
      throw new ExtractionException(
          "Tribuo predict was called with null instead of an org.tribuo.Example; nothing recorded");
    }
    ExampleAccess access = ExampleAccess.forObject(input);
    if (access.isExample()) {
      row(access, input, sink);
    } else if (input instanceof List && input instanceof RandomAccess) {
      List<?> rows = (List<?>) input;
      for (int i = 0, n = rows.size(); i < n; i++) {
        row(rows.get(i), sink);
      }
    } else if (input instanceof Iterable) {
      for (Object example : (Iterable<?>) input) {
        row(example, sink);
      }
    } else {
      throw new ExtractionException(
          "Tribuo predict was called with a "
              + ExtractionException.describe(input)
              + ", not an org.tribuo.Example or an Iterable of them; nothing recorded");
    }
  }

  private void row(Object example, FeatureSink sink) throws ExtractionException {
    if (example == null) {
      sink.missingRow(names.length);
      return;
    }
    ExampleAccess access = ExampleAccess.forObject(example);
    if (!access.isExample()) {
      throw new ExtractionException(
          "a Tribuo batch holds a "
              + ExtractionException.describe(example)
              + " where an org.tribuo.Example was expected; the rest of the batch is not recorded");
    }
    row(access, example, sink);
  }

  private void row(ExampleAccess access, Object example, FeatureSink sink)
      throws ExtractionException {
    // NaN (absent or NaN in the example) counts as missing
    access.readRow(example, names, categorical, positions, sink);
    sink.endRow();
  }
}
