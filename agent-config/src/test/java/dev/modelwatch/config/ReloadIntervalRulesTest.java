package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.model;
import static dev.modelwatch.config.Yamls.problems;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReloadIntervalRulesTest {

  @Test
  void reloadIntervalDefaultsToTwoSeconds() throws ConfigException {
    assertEquals(Duration.ofSeconds(2), Yamls.valid(model()).reloadInterval());
  }

  @Test
  void reloadIntervalIsADuration() throws ConfigException {
    assertEquals(
        Duration.ofMillis(500),
        Yamls.valid(yaml("reload_interval: 500ms") + model()).reloadInterval());
  }

  @Test
  void reloadIntervalOffMeansNoReloading() throws ConfigException {
    assertEquals(
        Duration.ZERO, Yamls.valid(yaml("reload_interval: off") + model()).reloadInterval());
  }

  @Test
  void reloadIntervalOfZeroMeansNoReloading() throws ConfigException {
    assertEquals(
        Duration.ZERO, Yamls.valid(yaml("reload_interval: 0s") + model()).reloadInterval());
  }

  @Test
  void reloadIntervalBelowTheMinimumIsAProblem() {
    assertEquals(
        List.of(
            at(
                1,
                "reload_interval: must be at least 100ms, or off (or 0s) to read the files only at"
                    + " start-up; found 50ms")),
        problems(yaml("reload_interval: 50ms") + model()));
  }

  @Test
  void reloadIntervalThatIsNotADurationIsAProblem() {
    assertEquals(
        List.of(
            at(
                1,
                "reload_interval: expected a duration: a number followed by ms, s, m, h or d,"
                    + " e.g. 30s, 15m, 24h, found \"true\"; or off (or 0s) to read the files only at start-up")),
        problems(yaml("reload_interval: true") + model()));
  }

  @Test
  void reloadIntervalOverridesKeepIt() throws ConfigException {
    AgentConfig config =
        Yamls.valid(yaml("reload_interval: 5s") + model()).withServerOverrides(0, "127.0.0.1");
    assertEquals(Duration.ofSeconds(5), config.reloadInterval());
  }
}
