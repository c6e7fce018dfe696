package dev.modelwatch.testapps.djl;

import dev.modelwatch.testapps.traffic.ModelHttpServer;
import dev.modelwatch.testapps.traffic.ServerOptions;
import dev.modelwatch.testapps.tribuo.WineModels;
import dev.modelwatch.testapps.tribuo.WineOnnxExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A model server on DJL with the OnnxRuntime engine: {@code DjlModelServer [--port N] [--model
 * PATH] [--model-dir DIR] [--model-name NAME] [--task regression|classification] [--threads N]}.
 * Loads the same ONNX file as {@code OnnxModelServer} (exported from the Tribuo model when {@code
 * --model} is absent) through a DJL {@code Criteria} under the model name NAME (default {@code
 * wine}), which is how monitoring tells DJL models apart (see {@link #modelPathFor}).
 */
public final class DjlModelServer {

  private DjlModelServer() {}

  public static void main(String[] args) throws Exception {
    ServerOptions.offlineDefaults();
    ServerOptions o = ServerOptions.parse("DjlModelServer", args, "model", "model-name", "task");
    Path model;
    if (o.has("model")) {
      model = Path.of(o.get("model", null));
      if (!Files.isRegularFile(model)) {
        throw new IllegalArgumentException(
            "--model "
                + model.toAbsolutePath()
                + " is not a file; give the path of an .onnx model, or omit --model to export one into --model-dir");
      }
    } else {
      model =
          WineOnnxExport.exportIfAbsent(
              o.modelDir(), WineModels.Task.parse(o.get("task", "regression")));
    }
    String name = o.get("model-name", "wine");
    DjlRowPredictor<?> predictor =
        DjlRowPredictor.load(
            modelPathFor(model, name, o.modelDir()), name, WineOnnxExport.readLabels(model));
    ModelHttpServer.single(o, name, predictor).startAndAnnounce(System.out);
  }

  /**
   * DJL names a model loaded from a file after the file, and one loaded from a directory after the
   * requested name, looking for {@code <name>.onnx} there. So the file is used as it is when its
   * name matches; otherwise a copy named {@code <name>.onnx} is placed in {@code
   * <model-dir>/djl/<name>/} and that directory is loaded.
   */
  static Path modelPathFor(Path model, String name, Path modelDir) throws IOException {
    if (model.getFileName().toString().equals(name + ".onnx")) {
      return model.toAbsolutePath();
    }
    Path dir = modelDir.resolve("djl").resolve(name).toAbsolutePath();
    Files.createDirectories(dir);
    Files.copy(model, dir.resolve(name + ".onnx"), StandardCopyOption.REPLACE_EXISTING);
    return dir;
  }
}
