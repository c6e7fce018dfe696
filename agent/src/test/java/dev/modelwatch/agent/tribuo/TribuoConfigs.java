package dev.modelwatch.agent.tribuo;

import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ModelConfig;
import java.nio.file.Paths;

/** Model configs parsed from YAML by the real config loader. */
final class TribuoConfigs {
  private TribuoConfigs() {}

  static AgentConfig agent(String... lines) throws Exception {
    return ConfigLoader.parse(String.join("\n", lines) + "\n", Paths.get("test.yaml"));
  }

  static ModelConfig model(String... lines) throws Exception {
    return agent(lines).models().get(0);
  }
}
