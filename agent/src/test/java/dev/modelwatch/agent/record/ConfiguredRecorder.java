package dev.modelwatch.agent.record;

import dev.modelwatch.agent.extract.ArgumentExtractor;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigException;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.extension.OutputExtractor;
import java.util.List;

/**
 * Test set-up: the recorder of a config's first model, features read from the call's argument, no
 * outputs.
 */
public final class ConfiguredRecorder {
  private ConfiguredRecorder() {}

  public static Recorder firstModel(String yaml) throws ConfigException {
    AgentConfig config = ConfigLoader.parse(yaml, null);
    ModelMonitor model =
        new ModelMonitor(
            0,
            config.models().get(0),
            config.limits(),
            NumericSpec.Source.CONFIG_ONLY,
            new ArgumentExtractor(config.models().get(0).features()),
            OutputExtractor.NONE);
    return new Recorder(
        List.of(new Site(0, model.name(), model)), List.of(model), new AgentErrors());
  }
}
