package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.model;
import static dev.modelwatch.config.Yamls.problems;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartupAndStrictTest {

  @Test
  void startupCheckDefaultsToOneMinute() throws ConfigException {
    assertEquals(Duration.ofSeconds(60), Yamls.valid(model()).startupCheck());
  }

  @Test
  void startupCheckIsADuration() throws ConfigException {
    assertEquals(
        Duration.ofSeconds(5), Yamls.valid(yaml("startup_check: 5s") + model()).startupCheck());
  }

  @Test
  void startupCheckOfZeroIsAProblem() {
    assertEquals(
        List.of(at(1, "startup_check: must be longer than 0s")),
        problems(yaml("startup_check: 0s") + model()));
  }

  @Test
  void invalidConfigThatSetsStrictSaysSo() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.parse(yaml("strict: true", "models:", "  - name: m"), Yamls.SOURCE));
    assertTrue(e.strictRequested());
  }

  @Test
  void invalidConfigWithoutStrictIsNotStrict() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> ConfigLoader.parse(yaml("models:", "  - name: m"), Yamls.SOURCE));
    assertFalse(e.strictRequested());
  }
}
