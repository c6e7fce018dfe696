package dev.modelwatch.testapps.tribuo;

import dev.modelwatch.testapps.traffic.ModelHttpServer;
import dev.modelwatch.testapps.traffic.ServerOptions;
import org.tribuo.Model;

/**
 * A model server on Tribuo: {@code TribuoModelServer [--port N] [--model-dir DIR]
 * [--task regression|classification] [--threads N]}. Loads the task's model from the model
 * directory, training and saving it there first if absent; serves the protocol of
 * {@link ModelHttpServer} under the model name {@code wine}.
 */
public final class TribuoModelServer {

    private TribuoModelServer() {
    }

    public static void main(String[] args) throws Exception {
        ServerOptions.offlineDefaults();
        ServerOptions o = ServerOptions.parse("TribuoModelServer", args, "task");
        WineModels.Task task = WineModels.Task.parse(o.get("task", "regression"));
        Model<?> model = WineModels.loadOrTrain(o.modelDir(), task);
        ModelHttpServer.single(o, "wine", TribuoRowPredictor.of(model))
                .startAndAnnounce(System.out);
    }
}
