package dev.modelwatch.testapps.multi;

import ai.onnxruntime.OrtEnvironment;
import dev.modelwatch.testapps.onnx.OnnxRowPredictor;
import dev.modelwatch.testapps.traffic.ModelHttpServer;
import dev.modelwatch.testapps.traffic.RowPredictor;
import dev.modelwatch.testapps.traffic.ServerOptions;
import dev.modelwatch.testapps.tribuo.WineModels;
import dev.modelwatch.testapps.tribuo.WineOnnxExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Many models in one JVM, one per client: {@code MultiModelServer [--port N] [--model-dir DIR]
 * [--clients 30] [--threads N]}. Each client {@code clientNN} ({@code client01} ...) has its own
 * ONNX Runtime session created from its own file {@code DIR/clientNN/wine.onnx} (a copy of the
 * exported regression model), so calls differ only by model path, the way monitoring must tell them
 * apart. Requests pick a client with {@code POST /predict?model=clientNN}; without it they go to
 * {@code client01}. Sessions use one intra-op thread each to keep 30 of them light.
 */
public final class MultiModelServer {

  public static final int DEFAULT_CLIENTS = 30;

  private MultiModelServer() {}

  /** {@code client07} for 7. */
  public static String clientName(int i) {
    return String.format("client%02d", i);
  }

  /** The model file of client {@code i} under {@code modelDir}. */
  public static Path clientModel(Path modelDir, int i) {
    return modelDir.resolve(clientName(i)).resolve(WineOnnxExport.REGRESSION_FILE);
  }

  public static void main(String[] args) throws Exception {
    ServerOptions.offlineDefaults();
    ServerOptions o = ServerOptions.parse("MultiModelServer", args, "clients");
    int clients = o.getInt("clients", DEFAULT_CLIENTS);
    if (clients < 1 || clients > 99) {
      throw new IllegalArgumentException("--clients must be between 1 and 99, got " + clients);
    }
    Path dir = o.modelDir();
    Path source = WineOnnxExport.exportIfAbsent(dir, WineModels.Task.REGRESSION);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, RowPredictor> models = new LinkedHashMap<>();
    for (int i = 1; i <= clients; i++) {
      Path file = copyIfAbsent(source, clientModel(dir, i));
      models.put(
          clientName(i),
          new OnnxRowPredictor(env, file.toAbsolutePath(), Collections.emptyList(), 1));
    }
    new ModelHttpServer(o.host(), o.port(), o.threads(), models, clientName(1))
        .startAndAnnounce(System.out);
  }

  private static Path copyIfAbsent(Path source, Path target) throws IOException {
    if (!Files.isRegularFile(target)) {
      Files.createDirectories(target.getParent());
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target;
  }
}
