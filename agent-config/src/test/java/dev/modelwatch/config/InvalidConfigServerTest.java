package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * An invalid config still names where the agent serves its own metrics when its server section is
 * valid.
 */
class InvalidConfigServerTest {

  @Test
  void aValidServerSectionIsKeptWhenAModelIsInvalid() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    yaml(
                        "server: {port: 9555, host: 127.0.0.1, jvm_metrics: false}",
                        "models:",
                        "  - name: m"),
                    Yamls.SOURCE));
    ServerConfig server = e.validServer();
    assertEquals(9555, server.port());
    assertEquals("127.0.0.1", server.host());
    assertEquals(false, server.jvmMetrics());
  }

  @Test
  void noServerSectionGivesTheDefaults() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.parse(yaml("models:", "  - name: m"), Yamls.SOURCE));
    assertEquals(ServerConfig.DEFAULT_PORT, e.validServer().port());
  }

  @Test
  void aProblemInTheServerSectionGivesNone() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    yaml("server: {prot: 9555}", "models:", "  - name: m"), Yamls.SOURCE));
    assertNull(e.validServer());
  }

  @Test
  void aStrictInvalidConfigKeepsItsServerSectionToo() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    yaml("strict: true", "server: {port: 9555}", "models:", "  - name: m"),
                    Yamls.SOURCE));
    assertTrue(e.strictRequested());
    assertEquals(9555, e.validServer().port());
  }
}
