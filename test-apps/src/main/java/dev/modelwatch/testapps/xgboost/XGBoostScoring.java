package dev.modelwatch.testapps.xgboost;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.IEvaluation;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A batch job on XGBoost4J, run with XGBoost4J 3.x (this module's class path) and 1.6 (as Tribuo
 * 4.3 brings it). Nothing is downloaded: it trains three small boosters on deterministic data
 * (regression, {@code binary:logistic}, {@code multi:softprob}; one thread, fixed seed) with an
 * evaluation set and a custom evaluation, so that XGBoost calls its own {@code predict} while
 * training, saves them to a temporary directory and loads them back with {@code
 * XGBoost.loadModel(path)}. Then it scores through every form the agent reads: dense {@code
 * DMatrix} (with NaN, with a sentinel {@code missing}, and with the constructor's default), CSR
 * (absent entries and explicit NaN), CSC, and {@code inplace_predict} where the version has it; and
 * through the forms that are no predictions ({@code predictLeaf}, {@code predictContrib}, {@code
 * evalSet}).
 *
 * <p>What the agent must have seen is printed, computed here from the data the job passed and the
 * predictions XGBoost returned: {@code CALLS model=M calls=C rows=R}, {@code FEATURE model=M
 * column=K present=P missing=Q sum=S} per column, {@code OUTPUT model=M count=N sum=S confidence=T
 * class0=.. class1=.. class2=..}, then {@code SCORED}. The job then waits until standard input
 * closes (so a test can scrape the agent) and returns.
 *
 * <p>{@code train} mode: only trains (evaluation set, custom evaluation, cross-validation), prints
 * {@code TRAINED}, then predicts once with the trained booster as it is, 5 rows, and prints the
 * same lines. {@code file} mode: predicts on a matrix XGBoost read from a LIBSVM file and on a
 * slice of it.
 */
public final class XGBoostScoring {
  public static final int COLUMNS = 4;
  private static final int TRAINING_ROWS = 300;

  private final Map<String, Expected> expected = new LinkedHashMap<>();
  private int nextRow;

  private XGBoostScoring() {}

  /**
   * Row {@code i}, column {@code c} of every data set here: NaN about once in eleven, else in [0,
   * 9.6].
   */
  public static float value(int i, int c) {
    if ((i * 7 + c * 3) % 11 == 0) {
      return Float.NaN;
    }
    return ((i * 37 + c * 101) % 97) / 10f;
  }

  /**
   * Whether the sparse (CSR, CSC) form of row {@code i} has an entry in column {@code c}; absent
   * ones are missing.
   */
  public static boolean present(int i, int c) {
    return (i + 2 * c) % 5 != 0;
  }

  /** The XGBoost4J version on the class path, as its jar says. */
  public static String version() throws IOException {
    try (InputStream in = DMatrix.class.getResourceAsStream("/xgboost4j-version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown").trim();
    }
  }

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "score";
    System.out.println("VERSION " + version());
    XGBoostScoring job = new XGBoostScoring();
    Path dir = Files.createTempDirectory("xgboost-models");
    try {
      if (mode.equals("train")) {
        job.trainOnly();
      } else if (mode.equals("file")) {
        job.fromFile(dir);
      } else {
        job.score(dir);
      }
      job.print();
      System.out.println("SCORED");
      System.out.flush();
      InputStream in = System.in;
      byte[] buffer = new byte[64];
      while (in.read(buffer) >= 0) {
        // until the test closes standard input
      }
    } finally {
      try (var files = Files.list(dir)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(dir);
    }
  }

  private void score(Path dir) throws Exception {
    Path regressionFile = dir.resolve("regression.json");
    Path binaryFile = dir.resolve("binary.json");
    Path multiFile = dir.resolve("multi.json");
    train(params("reg:squarederror"), label -> label, true).saveModel(regressionFile.toString());
    train(params("binary:logistic"), label -> label > 9 ? 1 : 0, false)
        .saveModel(binaryFile.toString());
    Map<String, Object> multi = params("multi:softprob");
    multi.put("num_class", 3);
    train(multi, label -> ((int) label) % 3, false).saveModel(multiFile.toString());
    System.out.println("TRAINED");

    Booster regression = XGBoost.loadModel(regressionFile.toString());
    Booster binary = XGBoost.loadModel(binaryFile.toString());
    Booster classes = XGBoost.loadModel(multiFile.toString());

    Expected reg = expected("reg");
    for (int rows : new int[] {3, 5, 7, 9, 11}) {
      float[] data = denseRows(rows, Float.NaN);
      reg.dense(data, rows, Float.NaN);
      reg.outputs(regression.predict(new DMatrix(data, rows, COLUMNS, Float.NaN)));
    }
    for (int rows : new int[] {4, 6}) {
      float[] data = denseRows(rows, -999f);
      reg.dense(data, rows, -999f);
      reg.outputs(regression.predict(new DMatrix(data, rows, COLUMNS, -999f)));
    }
    {
      // the constructor without missing: 0 is missing before XGBoost4J 3.0, NaN from 3.0 on
      int rows = 8;
      float[] data = denseRows(rows, 0f);
      reg.dense(data, rows, major() < 3 ? 0f : Float.NaN);
      reg.outputs(regression.predict(new DMatrix(data, rows, COLUMNS)));
    }
    for (int rows : new int[] {2, 4, 6, 8}) {
      Sparse csr = sparseRows(rows);
      reg.sparse(csr, Float.NaN);
      reg.outputs(
          regression.predict(
              new DMatrix(csr.pointers, csr.indices, csr.values, DMatrix.SparseType.CSR, COLUMNS)));
    }
    {
      int rows = 3;
      float[] data = denseRows(rows, Float.NaN);
      reg.dense(data, rows, Float.NaN);
      reg.outputs(regression.predict(new DMatrix(data, rows, COLUMNS, Float.NaN), true));
      rows = 2;
      data = denseRows(rows, Float.NaN);
      reg.dense(data, rows, Float.NaN);
      reg.outputs(regression.predict(new DMatrix(data, rows, COLUMNS, Float.NaN), false, 0));
    }
    if (major() >= 3) {
      for (int rows : new int[] {10, 1, 6}) {
        float[] data = denseRows(rows, Float.NaN);
        reg.dense(data, rows, Float.NaN);
        reg.outputs(regression.inplace_predict(data, rows, COLUMNS, Float.NaN));
      }
      // CSR with a missing value of its own: explicit entries equal to it are missing too
      int rows = 5;
      Sparse csr = sparseRows(rows);
      for (int k = 0; k < csr.values.length; k++) {
        if (Float.isNaN(csr.values[k])) {
          csr.values[k] = -1f;
        }
      }
      reg.sparse(csr, -1f);
      reg.outputs(
          regression.predict(
              new DMatrix(
                  csr.pointers, csr.indices, csr.values, DMatrix.SparseType.CSR, COLUMNS, -1f, 1)));
    }
    // no predictions: leaf indexes, feature contributions, an evaluation
    DMatrix other = new DMatrix(denseRows(4, Float.NaN), 4, COLUMNS, Float.NaN);
    other.setLabel(new float[] {1, 2, 3, 4});
    regression.predictLeaf(other, 0);
    regression.predictContrib(other, 0);
    regression.evalSet(new DMatrix[] {other}, new String[] {"other"}, new Rmse());

    Expected bin = expected("binary");
    for (int rows : new int[] {6, 7, 8}) {
      float[] data = denseRows(rows, Float.NaN);
      bin.dense(data, rows, Float.NaN);
      bin.outputs(binary.predict(new DMatrix(data, rows, COLUMNS, Float.NaN)));
    }

    Expected mul = expected("multi");
    for (int rows : new int[] {5, 9}) {
      Sparse csr = sparseRows(rows);
      mul.sparse(csr, Float.NaN);
      mul.outputs(
          classes.predict(
              new DMatrix(csr.pointers, csr.indices, csr.values, DMatrix.SparseType.CSR, COLUMNS)));
    }
    {
      int rows = 4;
      Sparse csc = sparseColumns(rows);
      mul.sparse(
          sparseRowsAt(nextRow - rows, rows), Float.NaN); // the same cells, counted row by row
      mul.outputs(
          classes.predict(
              new DMatrix(csc.pointers, csc.indices, csc.values, DMatrix.SparseType.CSC, rows)));
    }
  }

  /**
   * Trains with an evaluation set, a custom evaluation and cross-validation; then one prediction of
   * 5 rows.
   */
  private void trainOnly() throws Exception {
    Booster booster = train(params("reg:squarederror"), label -> label, true);
    DMatrix data = trainingMatrix(label -> label, 0);
    XGBoost.crossValidation(data, params("reg:squarederror"), 2, 3, null, null, new Rmse());
    System.out.println("TRAINED");
    Expected any = expected("any");
    int rows = 5;
    float[] values = denseRows(rows, Float.NaN);
    any.dense(values, rows, Float.NaN);
    any.outputs(booster.predict(new DMatrix(values, rows, COLUMNS, Float.NaN)));
  }

  /**
   * Predicts on matrices XGBoost filled itself, whose values the agent cannot read: 6 rows from a
   * LIBSVM file, and 2 of them sliced out. Prints {@code CALLS model=any calls=2 rows=8}.
   */
  private void fromFile(Path dir) throws Exception {
    Booster booster = train(params("reg:squarederror"), label -> label, false);
    System.out.println("TRAINED");
    Path file = dir.resolve("rows.libsvm");
    StringBuilder text = new StringBuilder();
    for (int r = 0; r < 6; r++) {
      text.append(r % 2);
      for (int c = 0; c < COLUMNS; c++) {
        if (present(r, c) && !Float.isNaN(value(r, c))) {
          text.append(' ').append(c).append(':').append(value(r, c));
        }
      }
      text.append('\n');
    }
    Files.writeString(file, text);
    DMatrix rows = new DMatrix(file + (major() >= 2 ? "?format=libsvm" : ""));
    DMatrix two = rows.slice(new int[] {0, 1});
    Expected any = expected("any");
    any.calls += 2;
    any.rows += rows.rowNum() + two.rowNum();
    any.outputs(booster.predict(rows));
    any.outputs(booster.predict(two));
  }

  private interface Labeling {
    float label(float sum);
  }

  private static Map<String, Object> params(String objective) {
    Map<String, Object> params = new HashMap<>();
    params.put("objective", objective);
    params.put("nthread", 1);
    params.put("seed", 7);
    params.put("max_depth", 3);
    params.put("eta", 0.3);
    params.put("verbosity", 0);
    return params;
  }

  private static Booster train(
      Map<String, Object> params, Labeling labeling, boolean customEvaluation) throws XGBoostError {
    DMatrix training = trainingMatrix(labeling, 0);
    DMatrix evaluation = trainingMatrix(labeling, TRAINING_ROWS);
    Map<String, DMatrix> watches = new LinkedHashMap<>();
    watches.put("train", training);
    watches.put("eval", evaluation);
    return XGBoost.train(training, params, 8, watches, null, customEvaluation ? new Rmse() : null);
  }

  /** Rows {@code first ..} of the data, labelled from columns 0 and 1. */
  private static DMatrix trainingMatrix(Labeling labeling, int first) throws XGBoostError {
    float[] data = new float[TRAINING_ROWS * COLUMNS];
    float[] labels = new float[TRAINING_ROWS];
    for (int r = 0; r < TRAINING_ROWS; r++) {
      float sum = 0;
      for (int c = 0; c < COLUMNS; c++) {
        float v = value(first + r, c);
        data[r * COLUMNS + c] = v;
        sum += c < 2 && !Float.isNaN(v) ? v : 0;
      }
      labels[r] = labeling.label(sum);
    }
    DMatrix matrix = new DMatrix(data, TRAINING_ROWS, COLUMNS, Float.NaN);
    matrix.setLabel(labels);
    return matrix;
  }

  /** The next {@code rows} rows, dense, with NaN written as {@code missing}. */
  private float[] denseRows(int rows, float missing) {
    float[] data = new float[rows * COLUMNS];
    for (int r = 0; r < rows; r++, nextRow++) {
      for (int c = 0; c < COLUMNS; c++) {
        float v = value(nextRow, c);
        data[r * COLUMNS + c] = Float.isNaN(v) ? missing : v;
      }
    }
    return data;
  }

  /**
   * The next {@code rows} rows in CSR form: entries where {@link #present}, NaN values kept as
   * explicit entries.
   */
  private Sparse sparseRows(int rows) {
    Sparse csr = sparseRowsAt(nextRow, rows);
    nextRow += rows;
    return csr;
  }

  private static Sparse sparseRowsAt(int first, int rows) {
    long[] pointers = new long[rows + 1];
    List<Integer> indices = new ArrayList<>();
    List<Float> values = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < COLUMNS; c++) {
        if (present(first + r, c)) {
          indices.add(c);
          values.add(value(first + r, c));
        }
      }
      pointers[r + 1] = indices.size();
    }
    return new Sparse(pointers, indices, values);
  }

  /** The next {@code rows} rows in CSC form, the same entries as {@link #sparseRows} would give. */
  private Sparse sparseColumns(int rows) {
    long[] pointers = new long[COLUMNS + 1];
    List<Integer> indices = new ArrayList<>();
    List<Float> values = new ArrayList<>();
    for (int c = 0; c < COLUMNS; c++) {
      for (int r = 0; r < rows; r++) {
        if (present(nextRow + r, c)) {
          indices.add(r);
          values.add(value(nextRow + r, c));
        }
      }
      pointers[c + 1] = indices.size();
    }
    nextRow += rows;
    return new Sparse(pointers, indices, values);
  }

  private static int major() throws IOException {
    String version = version();
    return Integer.parseInt(version.substring(0, version.indexOf('.')));
  }

  private Expected expected(String model) {
    return expected.computeIfAbsent(model, Expected::new);
  }

  private void print() {
    for (Expected e : expected.values()) {
      e.print();
    }
  }

  /** CSR or CSC arrays. */
  private static final class Sparse {
    final long[] pointers;
    final int[] indices;
    final float[] values;

    Sparse(long[] pointers, List<Integer> indices, List<Float> values) {
      this.pointers = pointers;
      this.indices = indices.stream().mapToInt(Integer::intValue).toArray();
      this.values = new float[values.size()];
      for (int k = 0; k < this.values.length; k++) {
        this.values[k] = values.get(k);
      }
    }
  }

  /** What the agent must have seen of one configured model. */
  private static final class Expected {
    final String model;
    long calls;
    long rows;
    final long[] present = new long[COLUMNS];
    final long[] missing = new long[COLUMNS];
    final double[] sums = new double[COLUMNS];
    long outputs;
    double outputSum;
    double confidence;
    final long[] classes = new long[3];

    Expected(String model) {
      this.model = model;
    }

    void dense(float[] data, int rows, float missingValue) {
      calls++;
      this.rows += rows;
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < COLUMNS; c++) {
          cell(c, data[r * COLUMNS + c], missingValue);
        }
      }
    }

    void sparse(Sparse csr, float missingValue) {
      calls++;
      int rows = csr.pointers.length - 1;
      this.rows += rows;
      for (int r = 0; r < rows; r++) {
        boolean[] seen = new boolean[COLUMNS];
        for (int k = (int) csr.pointers[r]; k < csr.pointers[r + 1]; k++) {
          seen[csr.indices[k]] = true;
          cell(csr.indices[k], csr.values[k], missingValue);
        }
        for (int c = 0; c < COLUMNS; c++) {
          if (!seen[c]) {
            missing[c]++;
          }
        }
      }
    }

    private void cell(int c, float v, float missingValue) {
      if (Float.isNaN(v) || v == missingValue) {
        missing[c]++;
      } else {
        present[c]++;
        sums[c] += v;
      }
    }

    /**
     * Column 0 as a value; the class of each row (arg-max, or probability above 0.5) with its
     * confidence.
     */
    void outputs(float[][] result) {
      for (float[] row : result) {
        outputs++;
        outputSum += row[0];
        if (row.length == 1) {
          boolean positive = row[0] > 0.5f;
          classes[positive ? 1 : 0]++;
          confidence += positive ? row[0] : 1 - row[0];
        } else {
          int best = 0;
          for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
              best = i;
            }
          }
          classes[best]++;
          confidence += row[best];
        }
      }
    }

    void print() {
      System.out.println("CALLS model=" + model + " calls=" + calls + " rows=" + rows);
      for (int c = 0; c < COLUMNS; c++) {
        System.out.println(
            String.format(
                Locale.ROOT,
                "FEATURE model=%s column=%d present=%d missing=%d sum=%s",
                model,
                c,
                present[c],
                missing[c],
                Double.toString(sums[c])));
      }
      System.out.println(
          String.format(
              Locale.ROOT,
              "OUTPUT model=%s count=%d sum=%s confidence=%s class0=%d class1=%d class2=%d",
              model,
              outputs,
              Double.toString(outputSum),
              Double.toString(confidence),
              classes[0],
              classes[1],
              classes[2]));
    }
  }

  /**
   * Root mean squared error, as a custom evaluation: XGBoost calls {@code Booster.predict} to
   * compute it.
   */
  private static final class Rmse implements IEvaluation {
    private static final long serialVersionUID = 1L;

    @Override
    public String getMetric() {
      return "custom-rmse";
    }

    @Override
    public float eval(float[][] predicts, DMatrix matrix) {
      try {
        float[] labels = matrix.getLabel();
        double sum = 0;
        for (int i = 0; i < labels.length; i++) {
          double d = predicts[i][0] - labels[i];
          sum += d * d;
        }
        return (float) Math.sqrt(sum / Math.max(1, labels.length));
      } catch (XGBoostError e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
