package dev.modelwatch.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ServerConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which server settings a reloaded config changes (they take effect only at the next start). */
class ServerSettingsChangeTest {
  private static final String MODEL =
      "models:\n  - name: m\n    intercept: {class: com.acme.S, method: score}\n";

  @Test
  void theSameSettingsAreNoChange() throws Exception {
    String server = "server: {port: 9000, host: 127.0.0.1, jvm_metrics: false}\n";
    assertEquals(List.of(), ServerSettingsChange.between(server(server), server(server)));
  }

  @Test
  void eachChangedSettingIsNamed() throws Exception {
    assertEquals(
        List.of("server.port", "server.host", "server.jvm_metrics"),
        ServerSettingsChange.between(
            server("server: {port: 9000, host: 127.0.0.1}\n"),
            server("server: {port: 9001, host: 0.0.0.0, jvm_metrics: false}\n")));
  }

  @Test
  void authAddedIsAChange() throws Exception {
    assertEquals(
        List.of("server.auth"),
        ServerSettingsChange.between(
            server("server: {host: 127.0.0.1}\n"),
            server(
                "server:\n  host: 127.0.0.1\n  auth: {username: prom, password_env: MW_PASSWORD}\n")));
  }

  private static ServerConfig server(String yaml) throws Exception {
    return ConfigLoader.parse(yaml + MODEL, null).server();
  }
}
