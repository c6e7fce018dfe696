package dev.modelwatch.agent.xgboost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import dev.modelwatch.extension.OutputSink;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The XGBoost extractors on the data the constructor hooks report (as the agent hands it over:
 * every argument in an {@code Object[]}), keyed by stand-in matrices: the agent module does not
 * depend on XGBoost4J, whose real classes the forked-JVM {@code XGBoostAgentTest} uses.
 */
class XGBoostExtractorsTest {
  private static final float NAN = Float.NaN;

  static ModelConfig model(String rest) throws Exception {
    return ConfigLoader.parse(
            "models:\n  - name: m\n    intercept: {library: xgboost}\n" + rest, null)
        .models()
        .get(0);
  }

  /**
   * A stand-in for a DMatrix that XGBoost filled itself: {@code rowNum()} is all the agent can ask.
   */
  public static final class NativeMatrix {
    public long rowNum() {
      return 3;
    }
  }

  @Test
  void denseRowsAreReadByColumnWithNanAndTheMatrixMissingValueAsMissing() throws Exception {
    XGBoostInputExtractor extractor =
        new XGBoostInputExtractor(
            model(
                "    features: [{name: a, index: 2}, {name: b}, {name: c, kind: categorical, index: 0}]\n"));
    Object matrix = new Object();
    float[] data = {1, 2, 3, -999, NAN, 6};
    Matrices.created(XGBoostSupport.DENSE, matrix, new Object[] {data, 2, 3, -999f}, true);
    Values sink = new Values();
    extractor.extract(matrix, sink);
    // b has no index: its position, 1
    assertEquals(
        List.of("0=3.0", "1=2.0", "2=code 1.0", "0=6.0", "1=missing", "2=missing"), sink.values);
    assertEquals(2, sink.rows);
  }

  @Test
  void theDenseConstructorWithoutMissingUsesTheVersionsDefault() throws Exception {
    XGBoostInputExtractor extractor =
        new XGBoostInputExtractor(model("    features: [{name: a}, {name: b}]\n"));
    Object matrix = new Object();
    // no xgboost4j-version.properties beside a JDK class: taken as 3.x, whose default is NaN
    Matrices.created(XGBoostSupport.DENSE, matrix, new Object[] {new float[] {0, NAN}, 1, 2}, true);
    Values sink = new Values();
    extractor.extract(matrix, sink);
    assertEquals(List.of("0=0.0", "1=missing"), sink.values);
    assertEquals(-1, Matrices.majorVersion(Object.class));
  }

  @Test
  void csrRowsFindTheirColumnsSortedOrNotAndAbsentEntriesAreMissing() throws Exception {
    XGBoostInputExtractor extractor =
        new XGBoostInputExtractor(
            model("    features: [{name: a, index: 0}, {name: d, index: 3}]\n"));
    long[] pointers = {0, 2, 2, 5};
    int[] indices = {3, 1, 0, 3, 2};
    float[] values = {4, 2, NAN, -1, 7};
    Object unsorted = new Object();
    Matrices.created(
        XGBoostSupport.SPARSE,
        unsorted,
        new Object[] {pointers, indices, values, "CSR", 4, -1f, 1},
        true);
    assertEquals(false, Matrices.get(unsorted).sorted);
    Values sink = new Values();
    extractor.extract(unsorted, sink);
    // row 0: a absent, d 4; row 1: nothing; row 2: a NaN, d -1 (the matrix's missing value)
    assertEquals(
        List.of("0=missing", "1=4.0", "0=missing", "1=missing", "0=missing", "1=missing"),
        sink.values);
    assertEquals(3, sink.rows);

    Object sorted = new Object();
    Matrices.created(
        XGBoostSupport.SPARSE,
        sorted,
        new Object[] {
          new long[] {0, 2, 4}, new int[] {0, 3, 1, 3}, new float[] {1, 2, 3, 4}, "CSR"
        },
        true);
    assertEquals(true, Matrices.get(sorted).sorted);
    Values more = new Values();
    extractor.extract(sorted, more);
    assertEquals(List.of("0=1.0", "1=2.0", "0=missing", "1=4.0"), more.values);
  }

  @Test
  void cscColumnsAreReadRowByRow() throws Exception {
    XGBoostInputExtractor extractor =
        new XGBoostInputExtractor(
            model("    features: [{name: a, index: 0}, {name: b, index: 1}]\n"));
    Object matrix = new NativeMatrix(); // a CSC matrix's rows come from XGBoost: rowNum() is 3
    // column 0: rows 0 and 2; column 1: row 1
    Matrices.created(
        XGBoostSupport.SPARSE,
        matrix,
        new Object[] {new long[] {0, 2, 3}, new int[] {0, 2, 1}, new float[] {1, 3, 5}, "CSC", 3},
        true);
    Values sink = new Values();
    extractor.extract(matrix, sink);
    assertEquals(
        List.of("0=1.0", "1=missing", "0=missing", "1=5.0", "0=3.0", "1=missing"), sink.values);
    assertEquals(3, sink.rows);
  }

  @Test
  void inplaceArgumentsAreADenseMatrix() throws Exception {
    XGBoostInputExtractor extractor =
        new XGBoostInputExtractor(model("    features: [{name: b, index: 1}]\n"));
    Values sink = new Values();
    extractor.extract(
        new Object[] {new float[] {1, 2, 3, 4}, 2, 2, 4f, new int[2], null, null}, sink);
    assertEquals(List.of("0=2.0", "0=missing"), sink.values);
    ExtractionException e =
        assertThrows(
            ExtractionException.class,
            () -> extractor.extract(new Object[] {new float[] {1, 2, 3}, 2, 2, NAN}, new Values()));
    assertEquals(
        "Booster.inplace_predict(float[] data, int nrow, int ncol, float missing) gave 2 rows of 2 columns,"
            + " but its data has 3 values; no input recorded",
        e.getMessage());
  }

  @Test
  void aColumnBeyondTheMatrixIsUnreadableAndTheOthersAreRecorded() throws Exception {
    XGBoostInputExtractor extractor =
        new XGBoostInputExtractor(
            model("    features: [{name: a, index: 0}, {name: far, index: 5}]\n"));
    Object matrix = new Object();
    Matrices.created(
        XGBoostSupport.DENSE, matrix, new Object[] {new float[] {1, 2, 3, 4}, 2, 2, NAN}, true);
    Values sink = new Values();
    extractor.extract(matrix, sink);
    assertEquals(4, sink.values.size());
    assertEquals("0=1.0", sink.values.get(0));
    assertEquals(
        "1=unreadable: feature 'far' reads column 5, but DMatrix(float[] data, int nrow, int ncol, float"
            + " missing) has 2 columns; the other features were recorded and this one counts as missing. Check"
            + " features[].index",
        sink.values.get(1));
  }

  @Test
  void matricesXGBoostFilledItselfCountTheirRowsWithUnreadableFeatures() throws Exception {
    XGBoostInputExtractor extractor =
        new XGBoostInputExtractor(model("    features: [{name: a}, {name: b}]\n"));
    Object fromFile = new NativeMatrix();
    Matrices.created(XGBoostSupport.FROM_FILE, fromFile, "train.txt?format=libsvm", true);
    Values sink = new Values();
    extractor.extract(fromFile, sink);
    assertEquals(3, sink.rows);
    assertEquals(6, sink.values.size());
    assertEquals(
        "0=unreadable: feature 'a' and the other 1 feature(s) cannot be read from DMatrix(String dataPath),"
            + " a file XGBoost read itself: XGBoost holds its values in native memory, out of the agent's reach. Its 3"
            + " rows are counted and the features count as missing; build the DMatrix from a float[] (dense) or CSR"
            + " arrays, or call inplace_predict, to record them, or list no features for this model",
        sink.values.get(0));

    // never seen made: its rows from rowNum()
    Values unseen = new Values();
    extractor.extract(new NativeMatrix(), unseen);
    assertEquals(3, unseen.rows);
    assertTrue(
        unseen.values.get(0).contains("a DMatrix whose making the agent did not see"),
        unseen.values.get(0));

    // a model without features counts the rows only
    Values rows = new Values();
    new XGBoostInputExtractor(model("    outputs: [{name: y, kind: regression}]\n"))
        .extract(fromFile, rows);
    assertEquals(3, rows.rows);
    assertEquals(List.of(), rows.values);

    ExtractionException e =
        assertThrows(ExtractionException.class, () -> extractor.extract(new Object(), sink));
    assertTrue(e.getMessage().startsWith("the rows of a DMatrix whose making"), e.getMessage());
  }

  @Test
  void valuesAreNotKeptWhileNoModelReadsFeatures() throws Exception {
    Object matrix = new Object();
    Matrices.created(
        XGBoostSupport.DENSE, matrix, new Object[] {new float[] {1, 2}, 1, 2, NAN}, false);
    assertNull(Matrices.get(matrix).values);
    assertEquals(1, Matrices.get(matrix).rows);
    Values sink = new Values();
    new XGBoostInputExtractor(model("    features: [{name: a}]\n")).extract(matrix, sink);
    assertTrue(
        sink.values.get(0).contains("made while no xgboost model of the config read features"),
        sink.values.get(0));
  }

  @Test
  void readingADenseMatrixAllocatesNothing() throws Exception {
    XGBoostInputExtractor extractor =
        new XGBoostInputExtractor(
            model(
                "    features: [{name: a, index: 0}, {name: b, index: 3}, {name: c, index: 2}]\n"));
    float[] data = new float[100 * 4];
    for (int i = 0; i < data.length; i++) {
      data[i] = i % 7 == 0 ? NAN : i;
    }
    Object matrix = new Object();
    Matrices.created(XGBoostSupport.DENSE, matrix, new Object[] {data, 100, 4, NAN}, true);
    Object csr = new Object();
    Matrices.created(
        XGBoostSupport.SPARSE,
        csr,
        new Object[] {
          new long[] {0, 2, 4}, new int[] {0, 3, 1, 2}, new float[] {1, 2, 3, 4}, "CSR", 4
        },
        true);
    Sums sums = new Sums();
    for (int i = 0; i < 20_000; i++) {
      extractor.extract(matrix, sums);
      extractor.extract(csr, sums);
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(thread);
    int calls = 20_000;
    for (int i = 0; i < calls; i++) {
      extractor.extract(matrix, sums);
      extractor.extract(csr, sums);
    }
    long allocated = threads.getThreadAllocatedBytes(thread) - before;
    assertTrue(allocated < calls, "allocated " + allocated + " bytes for " + calls + " calls");
    assertEquals(40_000L * 102, sums.rows);
  }

  @Test
  void regressionReadsItsColumnAndClassificationItsClass() throws Exception {
    XGBoostOutputExtractor extractor =
        new XGBoostOutputExtractor(
            model(
                String.join(
                    "\n",
                    "    outputs:",
                    "      - {name: y, kind: regression}",
                    "      - {name: second, kind: regression, index: 1}",
                    "      - {name: best, kind: classification, key: \"low, mid, high\"}",
                    "")));
    Outputs sink = new Outputs();
    extractor.extract(new float[][] {{0.5f, 0.25f, 0.25f}, {0.1f, 0.2f, 0.7f}}, Double.NaN, sink);
    assertEquals(
        List.of(
            "0=0.5",
            "0=0.10000000149011612",
            "1=0.25",
            "1=0.20000000298023224",
            "2=low@0.5",
            "2=high@0.699999988079071"),
        sink.values);
  }

  @Test
  void oneColumnIsAProbabilityOfClassOneOrAClassNumber() throws Exception {
    XGBoostOutputExtractor binary =
        new XGBoostOutputExtractor(
            model(
                String.join(
                    "\n",
                    "    outputs:",
                    "      - {name: p, kind: regression}",
                    "      - {name: label, kind: classification, key: \"no,yes\"}",
                    "")));
    Outputs sink = new Outputs();
    binary.extract(new float[][] {{0.75f}, {0.25f}}, Double.NaN, sink);
    assertEquals(List.of("0=0.75", "0=0.25", "1=yes@0.75", "1=no@0.75"), sink.values);

    XGBoostOutputExtractor softmax =
        new XGBoostOutputExtractor(model("    outputs: [{name: c, kind: classification}]\n"));
    Outputs classes = new Outputs();
    softmax.extract(new float[][] {{2f}, {0f}, {1f}}, Double.NaN, classes);
    assertEquals(List.of("0=2@NaN", "0=0@NaN", "0=1@NaN"), classes.values);

    ExtractionException margins =
        assertThrows(
            ExtractionException.class,
            () -> softmax.extract(new float[][] {{-1.5f}}, Double.NaN, new Outputs()));
    assertTrue(
        margins.getMessage().contains("neither probabilities (binary:logistic) nor class numbers"),
        margins.getMessage());
    ExtractionException unnamed =
        assertThrows(
            ExtractionException.class,
            () -> binary.extract(new float[][] {{3f}}, Double.NaN, new Outputs()));
    assertEquals(
        "output 'label' names 2 classes in key, but XGBoost predicted class 3; list every class in key, in"
            + " order",
        unnamed.getMessage());
  }

  @Test
  void whatCannotBeReadIsNamedInJavaTerms() throws Exception {
    XGBoostOutputExtractor extractor =
        new XGBoostOutputExtractor(
            model(
                String.join(
                    "\n", "    outputs:", "      - {name: y, kind: regression, index: 2}", "")));
    ExtractionException beyond =
        assertThrows(
            ExtractionException.class,
            () -> extractor.extract(new float[][] {{1f}}, Double.NaN, new Outputs()));
    assertEquals(
        "output 'y' reads column 2, but XGBoost returned a float[1][] of rows of 1 column(s); check"
            + " outputs[].index",
        beyond.getMessage());
    ExtractionException other =
        assertThrows(
            ExtractionException.class,
            () -> extractor.extract(new double[] {1}, Double.NaN, new Outputs()));
    assertEquals(
        "XGBoost returned a double[1] where a float[rows][k] was expected; no output recorded",
        other.getMessage());
    XGBoostOutputExtractor byPath =
        new XGBoostOutputExtractor(
            model("    outputs: [{name: y, kind: regression, path: score}]\n"));
    ExtractionException path =
        assertThrows(
            ExtractionException.class,
            () -> byPath.extract(new float[][] {{1f}}, Double.NaN, new Outputs()));
    assertTrue(
        path.getMessage()
            .startsWith(
                "output 'y' gives path: score, but XGBoost's float[rows][k] results are"
                    + " read by column"),
        path.getMessage());
  }

  @Test
  void theWeakTableFindsByIdentityAndLetsGo() throws Exception {
    WeakIdentityTable<String> table = new WeakIdentityTable<>();
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      Object key = new Object();
      keys.add(key);
      table.put(key, "v" + i);
    }
    for (int i = 0; i < 1000; i++) {
      assertEquals("v" + i, table.get(keys.get(i)));
    }
    assertNull(table.get(new Object()));
    String replaced = "again";
    table.put(keys.get(7), replaced);
    assertSame(replaced, table.get(keys.get(7)));
    assertEquals(1000, table.size());
    keys.subList(10, 1000).clear();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (table.size() > 10 && System.nanoTime() < deadline) {
      System.gc();
      table.put(keys.get(0), "v0"); // a write lets go of collected entries
    }
    assertEquals(10, table.size());
    for (int i = 0; i < 10; i++) {
      assertEquals(i == 7 ? "again" : "v" + i, table.get(keys.get(i)));
    }
  }

  /** Every value written, as {@code feature=value}. */
  static final class Values implements FeatureSink {
    final List<String> values = new ArrayList<>();
    int rows;

    @Override
    public void numeric(int feature, double value) {
      values.add(feature + "=" + value);
    }

    @Override
    public void category(int feature, String value) {
      values.add(feature + "=category " + value);
    }

    @Override
    public void categoryCode(int feature, double code) {
      values.add(feature + "=code " + code);
    }

    @Override
    public void missing(int feature) {
      values.add(feature + "=missing");
    }

    @Override
    public void unreadable(int feature, ExtractionException problem) {
      values.add(feature + "=unreadable: " + problem.getMessage());
    }

    @Override
    public void endRow() {
      rows++;
    }
  }

  /** Adds up values without allocating. */
  static final class Sums implements FeatureSink {
    double sum;
    long missing;
    long rows;

    @Override
    public void numeric(int feature, double value) {
      sum += value;
    }

    @Override
    public void category(int feature, String value) {}

    @Override
    public void categoryCode(int feature, double code) {}

    @Override
    public void missing(int feature) {
      missing++;
    }

    @Override
    public void endRow() {
      rows++;
    }
  }

  static final class Outputs implements OutputSink {
    final List<String> values = new ArrayList<>();

    @Override
    public void value(int output, double value) {
      values.add(output + "=" + value);
    }

    @Override
    public void predictedClass(int output, String label, double confidence) {
      values.add(output + "=" + label + "@" + confidence);
    }
  }
}
