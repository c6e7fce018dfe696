package dev.modelwatch.agent.xgboost;

import dev.modelwatch.extension.LibrarySite;
import dev.modelwatch.extension.LibrarySupport;
import dev.modelwatch.extension.MethodHook;
import dev.modelwatch.extension.ModelSpec;
import dev.modelwatch.extension.Selector;
import dev.modelwatch.extension.SiteContext;
import java.util.List;

/**
 * XGBoost4J ({@code intercept: {library: xgboost[, model_path: GLOB]}}), checked on 1.6.2 and
 * 3.4.0. Predictions: {@code Booster.predict(DMatrix[, boolean outputMargin[, int treeLimit]])},
 * which the library itself calls only from {@code evalSet}, and {@code
 * Booster.inplace_predict(float[], int, int, float, ...)} (3.x), whose overloads call each other.
 * Not predictions: {@code predictLeaf} and {@code predictContrib} (leaf indexes and feature
 * contributions, usually computed beside a prediction), and the private {@code predict} that {@code
 * update} calls while training. {@code XGBoost.train}, {@code crossValidation}, {@code
 * trainAndSaveCheckpoint} and {@code Booster.evalSet} are internal: predict calls inside them are
 * not recorded. The {@code DMatrix} constructors are watched to remember what each matrix was built
 * from, and the {@code loadModel(String)} factories to remember the file each booster was loaded
 * from.
 */
public final class XGBoostSupport implements LibrarySupport {
  static final String PACKAGE = "ml.dmlc.xgboost4j.java.";
  static final String BOOSTER = PACKAGE + "Booster";
  static final String DMATRIX = PACKAGE + "DMatrix";
  static final String XGBOOST = PACKAGE + "XGBoost";

  /** {@code DMatrix(float[] data, int nrow, int ncol[, float missing])}. */
  static final MethodHook DENSE =
      MethodHook.created(DMATRIX)
          .parameter(0, "float[]")
          .parameter(1, "int")
          .parameter(2, "int")
          .allArguments()
          .build();

  /**
   * {@code DMatrix(long[] headers, int[] indices, float[] data, SparseType[, int ncol[, float
   * missing, int nthread]])}.
   */
  static final MethodHook SPARSE =
      MethodHook.created(DMATRIX)
          .parameter(0, "long[]")
          .parameter(1, "int[]")
          .parameter(2, "float[]")
          .allArguments()
          .build();

  /** {@code DMatrix(String dataPath)}: a file XGBoost reads itself. */
  static final MethodHook FROM_FILE =
      MethodHook.created(DMATRIX).parameters(1).parameter(0, "java.lang.String").build();

  /** {@code DMatrix(Iterator<LabeledPoint>, String cacheInfo[, float missing])}. */
  static final MethodHook FROM_ITERATOR =
      MethodHook.created(DMATRIX).parameter(0, "java.util.Iterator").build();

  /** {@code DMatrix(BigDenseMatrix[, float missing])}: values off the heap. */
  static final MethodHook FROM_BIG_MATRIX =
      MethodHook.created(DMATRIX).parameter(0, PACKAGE + "util.BigDenseMatrix").build();

  /**
   * {@code DMatrix(ColumnBatch, float missing, int nthread)}: columns given as array interfaces.
   */
  static final MethodHook FROM_COLUMNS =
      MethodHook.created(DMATRIX).parameter(0, PACKAGE + "ColumnBatch").build();

  /** {@code DMatrix(long handle)}: a native matrix made elsewhere, e.g. by {@code slice(int[])}. */
  static final MethodHook FROM_HANDLE =
      MethodHook.created(DMATRIX).parameters(1).parameter(0, "long").build();

  /** {@code XGBoost.loadModel(String modelPath)}. */
  static final MethodHook LOAD_MODEL =
      MethodHook.returned(XGBOOST)
          .method("loadModel")
          .parameters(1)
          .parameter(0, "java.lang.String")
          .argument(0)
          .build();

  /**
   * {@code Booster.loadModel(String modelPath)}, which {@code XGBoost.loadModel} calls
   * (package-private, static).
   */
  static final MethodHook BOOSTER_LOAD_MODEL =
      MethodHook.returned(BOOSTER)
          .method("loadModel")
          .parameters(1)
          .parameter(0, "java.lang.String")
          .argument(0)
          .build();

  private static final List<MethodHook> HOOKS =
      List.of(
          predict(1),
          MethodHook.predict(BOOSTER)
              .method("predict")
              .parameters(2)
              .parameter(0, DMATRIX)
              .parameter(1, "boolean")
              .input(0)
              .build(),
          MethodHook.predict(BOOSTER)
              .method("predict")
              .parameters(3)
              .parameter(0, DMATRIX)
              .parameter(1, "boolean")
              .parameter(2, "int")
              .input(0)
              .build(),
          MethodHook.predict(BOOSTER)
              .method("inplace_predict")
              .parameter(0, "float[]")
              .parameter(1, "int")
              .parameter(2, "int")
              .parameter(3, "float")
              .allArguments()
              .build(),
          MethodHook.internal(BOOSTER).method("evalSet").build(),
          MethodHook.internal(XGBOOST).method("train").build(),
          MethodHook.internal(XGBOOST).method("trainAndSaveCheckpoint").build(),
          MethodHook.internal(XGBOOST).method("crossValidation").build(),
          LOAD_MODEL,
          BOOSTER_LOAD_MODEL,
          DENSE,
          SPARSE,
          FROM_FILE,
          FROM_ITERATOR,
          FROM_BIG_MATRIX,
          FROM_COLUMNS,
          FROM_HANDLE);

  private static MethodHook predict(int parameters) {
    return MethodHook.predict(BOOSTER)
        .method("predict")
        .parameters(parameters)
        .parameter(0, DMATRIX)
        .input(0)
        .build();
  }

  @Override
  public String library() {
    return "xgboost";
  }

  @Override
  public String displayName() {
    return "XGBoost";
  }

  @Override
  public List<Selector> selectors() {
    return List.of(
        Selector.glob(
            "model_path", "glob on the path of the model file a booster was loaded from"));
  }

  @Override
  public List<String> libraryClasses() {
    return List.of(BOOSTER);
  }

  @Override
  public List<MethodHook> hooks() {
    return HOOKS;
  }

  @Override
  public String featureDiscovery() {
    return "from the booster (its feature names, else f0..fN-1 for its columns)";
  }

  @Override
  public LibrarySite site(List<ModelSpec> models, SiteContext context) {
    return new XGBoostSite(models, context);
  }
}
