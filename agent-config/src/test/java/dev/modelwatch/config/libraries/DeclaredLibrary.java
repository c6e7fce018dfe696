package dev.modelwatch.config.libraries;

import dev.modelwatch.extension.LibrarySite;
import dev.modelwatch.extension.LibrarySupport;
import dev.modelwatch.extension.MethodHook;
import dev.modelwatch.extension.ModelSpec;
import dev.modelwatch.extension.Selector;
import dev.modelwatch.extension.SiteContext;
import java.util.List;

/**
 * The config module's view of the agent's built-in libraries: names, selectors and library classes
 * as the agent's presets declare them (the presets themselves live in the agent module, which this
 * module does not see). The agent's own tests load the real presets.
 */
public class DeclaredLibrary implements LibrarySupport {
  private final String library;
  private final String libraryClass;
  private final List<Selector> selectors;

  /** A library of a test's own: its name, the class it always has, its selectors. */
  public DeclaredLibrary(String library, String libraryClass, Selector... selectors) {
    this.library = library;
    this.libraryClass = libraryClass;
    this.selectors = List.of(selectors);
  }

  @Override
  public String library() {
    return library;
  }

  @Override
  public List<Selector> selectors() {
    return selectors;
  }

  @Override
  public List<String> libraryClasses() {
    return List.of(libraryClass);
  }

  @Override
  public List<MethodHook> hooks() {
    return List.of();
  }

  @Override
  public LibrarySite site(List<ModelSpec> models, SiteContext context) {
    throw new UnsupportedOperationException("declarations only");
  }

  public static final class OnnxRuntime extends DeclaredLibrary {
    public OnnxRuntime() {
      super(
          "onnxruntime",
          "ai.onnxruntime.OrtSession",
          Selector.glob(
              "model_path", "glob on the path of the model file a session was created from"));
    }
  }

  public static final class Djl extends DeclaredLibrary {
    public Djl() {
      super(
          "djl", "ai.djl.inference.Predictor", Selector.text("model_name", "the DJL model's name"));
    }
  }

  public static final class Tribuo extends DeclaredLibrary {
    public Tribuo() {
      super(
          "tribuo",
          "org.tribuo.Model",
          Selector.className("model_class", "the Tribuo model's class or a superclass"),
          Selector.glob("model_name", "glob on the Tribuo model's name (Model.getName())"));
    }
  }
}
