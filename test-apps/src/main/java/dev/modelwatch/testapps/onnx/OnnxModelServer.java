package dev.modelwatch.testapps.onnx;

import ai.onnxruntime.OrtEnvironment;
import dev.modelwatch.testapps.traffic.ModelHttpServer;
import dev.modelwatch.testapps.traffic.ServerOptions;
import dev.modelwatch.testapps.tribuo.WineModels;
import dev.modelwatch.testapps.tribuo.WineOnnxExport;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model server on ONNX Runtime: {@code OnnxModelServer [--port N] [--model PATH] [--model-dir
 * DIR] [--task regression|classification] [--threads N]}. Without {@code --model} it serves {@code
 * DIR/wine.onnx} (or {@code DIR/wine-classifier.onnx}), exporting it from the Tribuo model first if
 * absent. A classifier is recognised by its {@code .labels} file beside the model (see {@link
 * WineOnnxExport}).
 */
public final class OnnxModelServer {

  private OnnxModelServer() {}

  public static void main(String[] args) throws Exception {
    ServerOptions.offlineDefaults();
    ServerOptions o = ServerOptions.parse("OnnxModelServer", args, "model", "task");
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
    OnnxRowPredictor predictor =
        new OnnxRowPredictor(
            OrtEnvironment.getEnvironment(),
            model.toAbsolutePath(),
            WineOnnxExport.readLabels(model),
            0);
    ModelHttpServer.single(o, "wine", predictor).startAndAnnounce(System.out);
  }
}
