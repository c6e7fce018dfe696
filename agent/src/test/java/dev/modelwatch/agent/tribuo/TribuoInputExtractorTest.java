package dev.modelwatch.agent.tribuo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.impl.ArrayExample;
import org.tribuo.impl.ListExample;
import org.tribuo.regression.Regressor;

class TribuoInputExtractorTest {
  static final Regressor UNKNOWN = new Regressor("quality", Double.NaN);

  static ModelConfig config() throws Exception {
    return TribuoConfigs.model(
        "models:",
        "  - name: wine",
        "    intercept: {library: tribuo}",
        "    features:",
        "      - {name: alcohol}",
        "      - {name: pH}",
        "      - {name: color, kind: categorical}");
  }

  static ArrayExample<Regressor> example(String[] names, double[] values) {
    return new ArrayExample<>(UNKNOWN, names, values);
  }

  @Test
  void readsFeaturesByTribuoNameInConfigOrderAndAbsentOnesAsMissing() throws Exception {
    TribuoInputExtractor extractor = new TribuoInputExtractor(config());
    RecordedValues sink = new RecordedValues();
    extractor.extract(
        example(
            new String[] {"pH", "sulphates", "alcohol", "color"}, new double[] {3.2, 0.5, 11.5, 1}),
        sink);
    // pH is absent from the second example: NaN, which the sink counts as missing
    extractor.extract(example(new String[] {"alcohol", "color"}, new double[] {9.25, 0}), sink);
    assertEquals(
        List.of(
            "numeric 0 11.5",
            "numeric 1 3.2",
            "code 2 1.0",
            "row",
            "numeric 0 9.25",
            "numeric 1 NaN",
            "code 2 0.0",
            "row"),
        sink.events);
  }

  @Test
  void aBatchIsOneRowPerExampleWhateverTheIterable() throws Exception {
    TribuoInputExtractor extractor = new TribuoInputExtractor(config());
    List<Example<Regressor>> rows =
        List.of(
            example(new String[] {"alcohol"}, new double[] {10}),
            example(new String[] {"pH"}, new double[] {3.5}));
    RecordedValues fromList = new RecordedValues();
    extractor.extract(rows, fromList);
    RecordedValues fromDeque = new RecordedValues();
    extractor.extract(new ArrayDeque<>(rows), fromDeque);
    List<String> expected =
        List.of(
            "numeric 0 10.0",
            "numeric 1 NaN",
            "code 2 NaN",
            "row",
            "numeric 0 NaN",
            "numeric 1 3.5",
            "code 2 NaN",
            "row");
    assertEquals(expected, fromList.events);
    assertEquals(expected, fromDeque.events);
  }

  @Test
  void otherExampleClassesAreReadThroughTheirPublicLookup() throws Exception {
    ListExample<Regressor> example =
        new ListExample<>(UNKNOWN, List.of(new Feature("color", 1), new Feature("alcohol", 12.75)));
    RecordedValues sink = new RecordedValues();
    new TribuoInputExtractor(config()).extract(example, sink);
    assertEquals(List.of("numeric 0 12.75", "numeric 1 NaN", "code 2 1.0", "row"), sink.events);
  }

  @Test
  void anInputThatIsNoExampleIsAnExtractionErrorNamingWhatWasFound() throws Exception {
    TribuoInputExtractor extractor = new TribuoInputExtractor(config());
    ExtractionException e =
        assertThrows(
            ExtractionException.class, () -> extractor.extract(new float[3], new RecordedValues()));
    assertEquals(
        "Tribuo predict was called with a float[3], not an org.tribuo.Example or an Iterable of them; nothing recorded",
        e.getMessage());
    ExtractionException inBatch =
        assertThrows(
            ExtractionException.class, () -> extractor.extract(List.of("x"), new RecordedValues()));
    assertTrue(
        inBatch.getMessage().contains("a Tribuo batch holds a java.lang.String"),
        inBatch.getMessage());
  }

  @Test
  void anArrayExampleIsReadWithoutAllocating() throws Exception {
    TribuoInputExtractor extractor = new TribuoInputExtractor(config());
    // feature names as a server builds them: fresh arrays of the same (constant) strings
    ArrayExample<Regressor> example =
        example(
            new String[] {"alcohol", "pH", "color", "density"}, new double[] {11, 3.1, 1, 0.99});
    Sums sums = new Sums();
    for (int i = 0; i < 50_000; i++) {
      extractor.extract(example, sums);
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    int rows = 100_000;
    for (int i = 0; i < rows; i++) {
      extractor.extract(example, sums);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    // one Iterator or Feature per row would be at least 16 bytes a row
    assertTrue(allocated < rows, "allocated " + allocated + " bytes for " + rows + " rows");
    assertEquals(150_000 * 11.0, sums.values[0]);
    assertEquals(150_000, sums.rows);
  }

  /** Adds up values without allocating. */
  static final class Sums implements FeatureSink {
    final double[] values = new double[3];
    long rows;

    @Override
    public void numeric(int feature, double value) {
      values[feature] += value;
    }

    @Override
    public void category(int feature, String value) {}

    @Override
    public void categoryCode(int feature, double code) {
      values[feature] += code;
    }

    @Override
    public void missing(int feature) {}

    @Override
    public void endRow() {
      rows++;
    }
  }
}
