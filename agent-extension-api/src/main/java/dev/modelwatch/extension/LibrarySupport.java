package dev.modelwatch.extension;

import java.util.List;

/**
 * Support for one model library, found with {@link java.util.ServiceLoader}. Implementations have a
 * public no-argument constructor and are stateless: per-config state lives in the {@link
 * LibrarySite} they make. See the package documentation for how a support is loaded and what it may
 * rely on.
 */
public interface LibrarySupport {
  /**
   * The config's {@code library:} name: lower case, for example {@code onnxruntime}, {@code
   * xgboost}.
   */
  String library();

  /**
   * The library as users call it, for messages: {@code Tribuo}, {@code ONNX Runtime}; the library
   * name by default.
   */
  default String displayName() {
    return library();
  }

  /** The keys a config may give beside {@code library:} to pick instances; none by default. */
  default List<Selector> selectors() {
    return List.of();
  }

  /**
   * Classes the library always has. A class loader is examined for the {@link #hooks()} only when
   * it sees one of them (nothing else is resolved in loaders without the library), and {@code
   * check-config --classpath} looks for the first.
   */
  List<String> libraryClasses();

  /** The methods to instrument: at least one {@link MethodHook.Role#PREDICT} hook. */
  List<MethodHook> hooks();

  /**
   * The features a model records: its configured ones, plus any the support derives (per-row
   * summaries of {@link ModelSpec#summarizeInputs()}, for example, named as the support chooses).
   * The {@link InputExtractor} writes feature {@code f} of this list.
   */
  default List<? extends FeatureSpec> monitoredFeatures(ModelSpec model) {
    return model.features();
  }

  /**
   * Says at start-up what this support will do for a model that the log should tell (a coarse
   * baseline to come at the first call, say); null for nothing.
   */
  default String startupNote(ModelSpec model) {
    return null;
  }

  /**
   * Whether, and from what, this support finds a model's input features when the config lists none
   * ({@code "the model's feature map"}), said in the start-up log and by {@code check-config}; null
   * (the default) when it does not, and such a model records calls, rows and outputs only. See
   * {@link LibrarySite#discoverFeatures}.
   */
  default String featureDiscovery() {
    return null;
  }

  /**
   * The site of every configured model of this library in one config, in config order. Called once
   * per config (again after a reload), before any instrumentation.
   */
  LibrarySite site(List<ModelSpec> models, SiteContext context);
}
