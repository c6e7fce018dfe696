package dev.modelwatch.agent.xgboost;

import dev.modelwatch.extension.MethodHook;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Properties;

/**
 * What every {@code DMatrix} of the JVM was built from, by identity, without keeping a matrix
 * alive: written by the constructor hooks, read at each prediction. Shared by every config
 * generation, so a matrix made before a config reload is read after it. The arrays of a matrix are
 * referenced (not copied) for as long as the matrix is reachable, and only while some {@code
 * xgboost} model of the config reads features.
 */
final class Matrices {
  private static final WeakIdentityTable<MatrixData> DATA = new WeakIdentityTable<>();
  private static final MethodType ROW_NUM = MethodType.methodType(long.class, Object.class);

  /**
   * {@code DMatrix.rowNum()} of the last matrix class seen, with that class: {Class, MethodHandle}.
   */
  private static volatile Object[] rowNum = {null, null};

  /** The missing value of {@code DMatrix(float[], int, int)} per class: {Class, Float}. */
  private static volatile Object[] denseDefault = {null, null};

  private Matrices() {}

  /** The data of {@code matrix}, or null when no watched constructor made it. */
  static MatrixData get(Object matrix) {
    return DATA.get(matrix);
  }

  /**
   * A watched constructor of {@code matrix} returned ({@code hook} of {@link XGBoostSupport});
   * {@code argument} is every argument for the array forms, the first otherwise.
   *
   * @param keepValues whether to keep the arrays, for models that read features
   */
  static void created(MethodHook hook, Object matrix, Object argument, boolean keepValues) {
    MatrixData data;
    if (hook == XGBoostSupport.DENSE) {
      data = dense(matrix, (Object[]) argument);
    } else if (hook == XGBoostSupport.SPARSE) {
      data = sparse(matrix, (Object[]) argument);
    } else if (hook == XGBoostSupport.FROM_FILE) {
      data =
          MatrixData.unreadable(
              rows(matrix, -1), "DMatrix(String dataPath), a file XGBoost read itself");
    } else if (hook == XGBoostSupport.FROM_ITERATOR) {
      data =
          MatrixData.unreadable(
              rows(matrix, -1),
              "DMatrix(Iterator<LabeledPoint>, ...), rows XGBoost copied out" + " of an iterator");
    } else if (hook == XGBoostSupport.FROM_BIG_MATRIX) {
      data =
          MatrixData.unreadable(
              rows(matrix, -1), "DMatrix(BigDenseMatrix), values in off-heap memory");
    } else if (hook == XGBoostSupport.FROM_COLUMNS) {
      data =
          MatrixData.unreadable(
              rows(matrix, -1), "DMatrix(ColumnBatch, ...), columns given as array interfaces");
    } else if (hook == XGBoostSupport.FROM_HANDLE) {
      data =
          MatrixData.unreadable(
              rows(matrix, -1),
              "DMatrix(long handle), a native matrix such as DMatrix.slice()" + " returns");
    } else {
      return;
    }
    if (data == null) {
      return;
    }
    DATA.put(matrix, keepValues ? data : data.withoutValues());
  }

  /** {@code (float[] data, int nrow, int ncol[, float missing])}. */
  private static MatrixData dense(Object matrix, Object[] arguments) {
    float[] values = (float[]) arguments[0];
    int rows = (Integer) arguments[1];
    int columns = (Integer) arguments[2];
    float missing =
        arguments.length > 3 && arguments[3] instanceof Float
            ? (Float) arguments[3]
            : denseDefaultMissing(matrix.getClass());
    MatrixData known = DATA.get(matrix);
    if (known != null && known.uses(values, null, null)) {
      return null; // a constructor that called another one: the inner one said it all
    }
    return MatrixData.dense(values, rows, columns, missing);
  }

  /**
   * {@code (long[] headers, int[] indices, float[] data, SparseType st[, int shape[, float missing,
   * int nthread]])}, {@code shape} being the columns of a CSR matrix and the rows of a CSC one:
   * absent entries are missing, and so are entries equal to {@code missing} (NaN when not given).
   */
  private static MatrixData sparse(Object matrix, Object[] arguments) {
    long[] pointers = (long[]) arguments[0];
    int[] indices = (int[]) arguments[1];
    float[] values = (float[]) arguments[2];
    MatrixData known = DATA.get(matrix);
    if (known != null && known.uses(values, pointers, indices)) {
      return null; // the 4- and 5-argument forms call the 7-argument one (3.x)
    }
    boolean csr = arguments[3] == null || "CSR".equals(arguments[3].toString());
    float missing =
        arguments.length > 5 && arguments[5] instanceof Float ? (Float) arguments[5] : Float.NaN;
    if (!csr) {
      // the pointers are per column; the fifth argument, when given, is the number of rows, which
      // XGBoost knows
      return MatrixData.sparse(
          false, pointers, indices, values, rows(matrix, -1), pointers.length - 1, missing);
    }
    int columns =
        arguments.length > 4 && arguments[4] instanceof Integer && (Integer) arguments[4] > 0
            ? (Integer) arguments[4]
            : -1;
    return MatrixData.sparse(
        true, pointers, indices, values, pointers.length - 1, columns, missing);
  }

  /**
   * {@code DMatrix.rowNum()}: one call into XGBoost, for a matrix no watched constructor made; -1
   * when it cannot be read. Allocates nothing once the method is known.
   */
  static long rows(Object matrix) {
    Object[] known = rowNum;
    MethodHandle handle;
    if (known[0] == matrix.getClass()) {
      handle = (MethodHandle) known[1];
    } else {
      try {
        handle =
            MethodHandles.publicLookup()
                .unreflect(matrix.getClass().getMethod("rowNum"))
                .asType(ROW_NUM);
      } catch (ReflectiveOperationException | RuntimeException e) {
        return -1;
      }
      rowNum = new Object[] {matrix.getClass(), handle};
    }
    try {
      return (long) handle.invokeExact(matrix);
    } catch (Throwable t) {
      return -1;
    }
  }

  private static int rows(Object matrix, int unknown) {
    long rows = rows(matrix);
    return rows < 0 || rows > Integer.MAX_VALUE ? unknown : (int) rows;
  }

  /**
   * The missing value of {@code DMatrix(float[], int, int)}: 0 before XGBoost4J 3.0 (its
   * constructors without {@code missing} used 0), NaN from 3.0 on; read from the {@code
   * xgboost4j-version.properties} beside the class.
   */
  static float denseDefaultMissing(Class<?> matrixClass) {
    Object[] known = denseDefault;
    if (known[0] == matrixClass) {
      return (Float) known[1];
    }
    float missing = Float.NaN;
    int major = majorVersion(matrixClass);
    if (major >= 0 && major < 3) {
      missing = 0f;
    }
    denseDefault = new Object[] {matrixClass, missing};
    return missing;
  }

  /**
   * The major version of XGBoost4J that defines {@code matrixClass}, or -1 when it does not say.
   */
  static int majorVersion(Class<?> matrixClass) {
    try (InputStream in = matrixClass.getResourceAsStream("/xgboost4j-version.properties")) {
      if (in == null) {
        return -1;
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "").trim();
      int dot = version.indexOf('.');
      return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
