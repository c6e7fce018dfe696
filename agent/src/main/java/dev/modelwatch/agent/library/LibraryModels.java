package dev.modelwatch.agent.library;

import dev.modelwatch.agent.AgentLog;
import dev.modelwatch.agent.instrument.LibraryInstrumentation;
import dev.modelwatch.agent.instrument.TypeInstrumentation;
import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.agent.record.Site;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.config.InterceptConfig;
import dev.modelwatch.config.Limits;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.InputExtractor;
import dev.modelwatch.extension.LibrarySite;
import dev.modelwatch.extension.LibrarySupport;
import dev.modelwatch.extension.ModelSpec;
import dev.modelwatch.extension.OutputExtractor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The library models of one config, grouped by support: each support's {@link LibrarySite} is made
 * from the models' configs before their monitors (which need its extractors), and bound to the
 * monitors afterwards. A support that fails here (an extension's bug) leaves its models
 * unmonitored, said once; the others go on.
 */
public final class LibraryModels {
  private final Map<Integer, Library> byModel = new LinkedHashMap<>();
  private final Map<Integer, Integer> position = new LinkedHashMap<>();
  private final Map<Integer, ModelConfig> monitored = new LinkedHashMap<>();
  private final List<Library> libraries = new ArrayList<>();
  private final AtomicReference<Recorder> recorder = new AtomicReference<>();

  private LibraryModels() {}

  /**
   * Groups the library models of {@code models} (config order) by support and makes each support's
   * site.
   */
  public static LibraryModels prepare(
      List<ModelConfig> models, Limits limits, LibrarySupports supports, AgentErrors errors) {
    LibraryModels prepared = new LibraryModels();
    Map<LibrarySupport, List<Integer>> indexes = new LinkedHashMap<>();
    for (int i = 0; i < models.size(); i++) {
      ModelConfig model = models.get(i);
      if (model.intercept().kind() != InterceptConfig.Kind.LIBRARY) {
        continue;
      }
      LibrarySupport support = supports.forLibrary(model.intercept().library());
      if (support == null) {
        errors.count(ErrorStage.CONFIG);
        AgentLog.warn(
            "models["
                + i
                + "] '"
                + model.name()
                + "': library "
                + model.intercept().library()
                + " is not supported by this agent (nor by an extension jar); the model is not monitored");
        continue;
      }
      indexes.computeIfAbsent(support, s -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<LibrarySupport, List<Integer>> entry : indexes.entrySet()) {
      LibrarySupport support = entry.getKey();
      List<ModelConfig> configs = new ArrayList<>();
      try {
        for (int i : entry.getValue()) {
          ModelConfig model = models.get(i);
          ModelConfig withFeatures = withFeatures(model, support.monitoredFeatures(model));
          String note = support.startupNote(withFeatures);
          if (note != null) {
            AgentLog.info("model '" + model.name() + "': " + note);
          }
          configs.add(withFeatures);
        }
        LibrarySite site =
            support.site(
                new ArrayList<ModelSpec>(configs), LibrarySupportSite.context(support.library()));
        Library library = new Library(support, site, configs);
        for (int k = 0; k < configs.size(); k++) {
          int i = entry.getValue().get(k);
          library.input[k] = site.inputExtractor(k);
          library.output[k] = site.outputExtractor(k);
          ModelConfig model = configs.get(k);
          if (model.features().isEmpty() && support.featureDiscovery() != null) {
            FeatureDiscovery discovery =
                new FeatureDiscovery(
                    model,
                    limits,
                    support.featureDiscovery(),
                    library.output[k],
                    prepared.recorder::get,
                    errors);
            AgentLog.info("model '" + model.name() + "': " + discovery.startupNote());
            if (model.baseline() != null && model.baseline().record()) {
              AgentLog.warn(
                  "model '"
                      + model.name()
                      + "': baseline record mode needs the features listed under"
                      + " features:; discovered features are recorded without a baseline");
            }
            library.discoveries[k] = discovery;
          }
          prepared.byModel.put(i, library);
          prepared.position.put(i, k);
          prepared.monitored.put(i, configs.get(k));
        }
        prepared.libraries.add(library);
      } catch (RuntimeException | LinkageError e) {
        for (int i : entry.getValue()) {
          prepared.byModel.remove(i);
        }
        errors.record(ErrorStage.INSTALL, e);
        AgentLog.warn(
            "the "
                + support.displayName()
                + " support ("
                + support.getClass().getName()
                + ") failed to"
                + " set up its models ("
                + e
                + "); they are not monitored, the rest of the agent runs as usual");
      }
    }
    return prepared;
  }

  private static ModelConfig withFeatures(ModelConfig model, List<? extends FeatureSpec> features) {
    if (features == model.features()) {
      return model;
    }
    List<FeatureConfig> converted = new ArrayList<>();
    for (FeatureSpec feature : features) {
      converted.add(FeatureConfig.from(feature));
    }
    return model.withFeatures(converted);
  }

  /** The recorder of this config, whose models discovered features replace. */
  public void useRecorder(Recorder recorder) {
    this.recorder.set(recorder);
  }

  /**
   * Whether model {@code index} finds its features at its first call: its baseline is matched then,
   * not at start-up.
   */
  public boolean discovers(int index) {
    Library library = byModel.get(index);
    return library != null && library.discoveries[position.get(index)] != null;
  }

  /** Whether model {@code index} of the config is a library model this agent monitors. */
  public boolean monitors(int index) {
    return byModel.containsKey(index);
  }

  /** The model as monitored: its configured features, plus any its support derives. */
  public ModelConfig monitored(int index) {
    return monitored.get(index);
  }

  public InputExtractor input(int index) {
    Library library = byModel.get(index);
    InputExtractor extractor = library.input[position.get(index)];
    return extractor == null ? InputExtractor.NONE : extractor;
  }

  public OutputExtractor output(int index) {
    Library library = byModel.get(index);
    OutputExtractor extractor = library.output[position.get(index)];
    return extractor == null ? OutputExtractor.NONE : extractor;
  }

  /** The monitor made for model {@code index}. */
  public void bind(int index, ModelMonitor monitor) {
    Library library = byModel.get(index);
    library.monitors[position.get(index)] = monitor;
  }

  /** The libraries with at least one monitored model, in the order of their first model. */
  public List<Library> libraries() {
    return libraries;
  }

  /** One library's models, its support and the support's site. */
  public static final class Library {
    private final LibrarySupport support;
    private final LibrarySite site;
    private final InputExtractor[] input;
    private final OutputExtractor[] output;
    private final ModelMonitor[] monitors;
    private final FeatureDiscovery[] discoveries;

    Library(LibrarySupport support, LibrarySite site, List<ModelConfig> configs) {
      this.support = support;
      this.site = site;
      this.input = new InputExtractor[configs.size()];
      this.output = new OutputExtractor[configs.size()];
      this.monitors = new ModelMonitor[configs.size()];
      this.discoveries = new FeatureDiscovery[configs.size()];
    }

    public Site site(int id) {
      return new LibrarySupportSite(
          id, support, site, support.hooks(), List.of(monitors), discoveries);
    }

    public TypeInstrumentation instrumentation() {
      return LibraryInstrumentation.of(support.hooks(), support.libraryClasses());
    }
  }
}
