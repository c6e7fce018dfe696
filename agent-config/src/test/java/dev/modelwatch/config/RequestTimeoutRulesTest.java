package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.model;
import static dev.modelwatch.config.Yamls.problems;
import static dev.modelwatch.config.Yamls.valid;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestTimeoutRulesTest {
  @Test
  void defaultsAreTenSecondsForTheHeadAndThirtyForTheRest() throws ConfigException {
    ServerConfig server = valid(yaml("server:", "  port: 9000") + model()).server();
    assertEquals(Duration.ofSeconds(10), server.headerTimeout());
    assertEquals(Duration.ofSeconds(30), server.bodyTimeout());
    assertEquals(Duration.ofSeconds(10), valid(model()).server().headerTimeout());
  }

  @Test
  void bothAreDurations() throws ConfigException {
    ServerConfig server =
        valid(yaml("server:", "  header_timeout: 500ms", "  body_timeout: 2m") + model()).server();
    assertEquals(Duration.ofMillis(500), server.headerTimeout());
    assertEquals(Duration.ofMinutes(2), server.bodyTimeout());
  }

  @Test
  void outsideHundredMillisecondsToAnHourIsAProblem() {
    assertEquals(
        List.of(
            at(2, "server.header_timeout: must be between 100ms and 1h, found 10ms"),
            at(3, "server.body_timeout: must be between 100ms and 1h, found 2h")),
        problems(yaml("server:", "  header_timeout: 10ms", "  body_timeout: 2h") + model()));
  }

  @Test
  void notADurationIsAProblem() {
    assertEquals(
        List.of(
            at(
                2,
                "server.header_timeout: expected a duration: a number followed by ms, s, m, h or d,"
                    + " e.g. 30s, 15m, 24h, found \"10\"")),
        problems(yaml("server:", "  header_timeout: 10") + model()));
  }
}
