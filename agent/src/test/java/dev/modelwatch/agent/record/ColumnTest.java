package dev.modelwatch.agent.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.modelwatch.agent.extract.ArgumentExtractor;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.extension.OutputExtractor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model's features and outputs as columns: kind, index and the counts that record each. */
class ColumnTest {
  @Test
  void eachFeatureAndOutputIsOneColumnOfItsKind() throws Exception {
    AgentConfig config =
        ConfigLoader.parse(
            "models:\n"
                + "  - name: m\n"
                + "    intercept: {class: com.acme.Scorer, method: score}\n"
                + "    features:\n"
                + "      - {name: size, index: 0}\n"
                + "      - {name: color, kind: categorical, index: 1}\n"
                + "      - {name: weight, index: 2}\n"
                + "    outputs: [{name: price, kind: regression}, {name: label, kind: classification}]\n",
            null);
    ModelMonitor monitor =
        new ModelMonitor(
            0,
            config.models().get(0),
            config.limits(),
            NumericSpec.Source.CONFIG_ONLY,
            new ArgumentExtractor(config.models().get(0).features()),
            OutputExtractor.NONE);

    List<Column> features = monitor.features();
    assertEquals(3, features.size());
    for (int f = 0; f < 3; f++) {
      Column column = features.get(f);
      assertEquals(f, column.index());
      assertEquals(false, column.output());
      assertSame(monitor.layout().numericFeatures[f], column.values());
      assertSame(monitor.layout().categoricalFeatures[f], column.categories());
    }
    assertEquals(List.of("size", "color", "weight"), names(features));
    assertEquals(Column.Kind.NUMERIC, features.get(0).kind());
    assertEquals(Column.Kind.CATEGORICAL, features.get(1).kind());
    assertNull(features.get(1).values());

    List<Column> outputs = monitor.outputs();
    assertEquals(List.of("price", "label"), names(outputs));
    assertEquals(Column.Kind.NUMERIC, outputs.get(0).kind());
    assertNull(outputs.get(0).categories());
    assertEquals(Column.Kind.CLASSIFICATION, outputs.get(1).kind());
    assertEquals(true, outputs.get(1).output());
    assertSame(monitor.layout().classOutputs[1], outputs.get(1).categories());
    assertNotNull(outputs.get(1).values(), "the confidence of the predicted class");

    // missing values come from the counts of the column's kind
    long[] cells = new long[monitor.layout().size()];
    monitor.recordMissingFeature(cells, 0);
    monitor.recordMissingFeature(cells, 1);
    monitor.recordMissingFeature(cells, 1);
    assertEquals(1, features.get(0).missing(cells));
    assertEquals(2, features.get(1).missing(cells));
    assertEquals(0, features.get(2).missing(cells));
  }

  private static List<String> names(List<Column> columns) {
    return columns.stream().map(Column::name).collect(java.util.stream.Collectors.toList());
  }
}
