package dev.modelwatch.agent.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ModelConfig;
import org.junit.jupiter.api.Test;

/**
 * The values of a captured call land in the row they belong to, whatever order the extractor writes
 * them in: row by row with {@code endRow} after each (plain arguments), or every row's values first
 * and the rows ended at the end (ONNX Runtime tensors, read input by input); and a buffer that
 * grows while a value is written keeps that value.
 */
class CaptureBufferTest {
  private static final int ROWS = 40; // beyond the buffer's first 64 slots: it grows mid-call

  private static ModelConfig model() throws Exception {
    return ConfigLoader.parse(
            "models:\n"
                + "  - name: m\n"
                + "    intercept: {class: com.acme.Scorer, method: score}\n"
                + "    features:\n"
                + "      - {name: a, index: 0}\n"
                + "      - {name: b, index: 1}\n"
                + "      - {name: c, kind: categorical, index: 2}\n"
                + "    outputs: [{name: y, kind: regression}]\n",
            null)
        .models()
        .get(0);
  }

  @Test
  void rowByRow() throws Exception {
    check(capture(true));
  }

  @Test
  void everyRowsValuesFirstThenTheRowsEnded() throws Exception {
    check(capture(false));
  }

  /** ROWS rows of a, b and c, each row ended after its values or all ended after every value. */
  private static CapturedCall capture(boolean endEachRow) throws Exception {
    CaptureBuffer buffer = new CaptureBuffer();
    buffer.start(null, model());
    for (int r = 0; r < ROWS; r++) {
      buffer.numeric(0, r);
      buffer.numeric(1, 100 + r);
      buffer.numeric(2, r % 3);
      if (endEachRow) {
        buffer.endRow();
      }
    }
    if (!endEachRow) {
      for (int r = 0; r < ROWS; r++) {
        buffer.endRow();
      }
    }
    for (int r = 0; r < ROWS; r++) {
      buffer.value(0, 1000 + r);
    }
    return buffer.finish(0, null);
  }

  @Test
  void aFeatureNotWrittenInARowStaysMissing() throws Exception {
    CaptureBuffer buffer = new CaptureBuffer();
    buffer.start(null, model());
    buffer.numeric(0, 1);
    buffer.numeric(1, 2);
    buffer.endRow();
    buffer.numeric(1, 3); // a has no value in row 1
    buffer.endRow();
    buffer.numeric(0, 4);
    buffer.endRow();
    CapturedCall call = buffer.finish(0, null);
    assertEquals(3, call.rows);
    assertEquals(1, call.numbers[0]);
    assertEquals(Double.NaN, call.numbers[4]);
    assertEquals(3, call.numbers[5]);
    assertEquals(4, call.numbers[8]);
    assertEquals(Double.NaN, call.numbers[9]);
  }

  private static void check(CapturedCall call) {
    assertEquals(ROWS, call.rows);
    int width = 4;
    for (int r = 0; r < ROWS; r++) {
      assertEquals(r, call.numbers[r * width], "a of row " + r);
      assertEquals(100 + r, call.numbers[r * width + 1], "b of row " + r);
      assertEquals(Integer.toString(r % 3), call.texts[r * width + 2], "c of row " + r);
      assertEquals(1000 + r, call.numbers[r * width + 3], "y of row " + r);
      assertNull(call.texts[r * width + 3]);
    }
  }
}
