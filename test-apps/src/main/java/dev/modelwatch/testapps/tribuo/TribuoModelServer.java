package dev.modelwatch.testapps.tribuo;

import dev.modelwatch.testapps.traffic.ModelHttpServer;
import dev.modelwatch.testapps.traffic.RowPredictor;
import dev.modelwatch.testapps.traffic.ServerOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tribuo.Model;

/**
 * A model server on Tribuo: {@code TribuoModelServer [--port N] [--model-dir DIR] [--task
 * regression|classification|both] [--threads N]}. Loads the task's model from the model directory,
 * training and saving it there first if absent; serves the protocol of {@link ModelHttpServer}
 * under the model name {@code wine}. With {@code both}, one JVM serves the regression model as
 * {@code wine} and the classifier as {@code wine-class} ({@code ?model=wine-class}): two Tribuo
 * models of different classes in one process.
 */
public final class TribuoModelServer {

  private TribuoModelServer() {}

  public static void main(String[] args) throws Exception {
    ServerOptions.offlineDefaults();
    ServerOptions o = ServerOptions.parse("TribuoModelServer", args, "task");
    String taskName = o.get("task", "regression");
    if (taskName.equals("both")) {
      Map<String, RowPredictor> models = new LinkedHashMap<>();
      models.put(
          "wine",
          TribuoRowPredictor.of(WineModels.loadOrTrain(o.modelDir(), WineModels.Task.REGRESSION)));
      models.put(
          "wine-class",
          TribuoRowPredictor.of(
              WineModels.loadOrTrain(o.modelDir(), WineModels.Task.CLASSIFICATION)));
      new ModelHttpServer(o.host(), o.port(), o.threads(), models, "wine")
          .startAndAnnounce(System.out);
      return;
    }
    WineModels.Task task = WineModels.Task.parse(taskName);
    Model<?> model = WineModels.loadOrTrain(o.modelDir(), task);
    ModelHttpServer.single(o, "wine", TribuoRowPredictor.of(model)).startAndAnnounce(System.out);
  }
}
