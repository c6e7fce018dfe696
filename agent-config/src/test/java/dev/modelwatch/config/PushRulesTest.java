package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.model;
import static dev.modelwatch.config.Yamls.problems;
import static dev.modelwatch.config.Yamls.valid;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PushRulesTest {
  @Test
  void noPushSectionMeansNoPush() throws ConfigException {
    assertNull(valid(model()).push());
    assertTrue(valid(model()).server().enabled());
  }

  @Test
  void defaultsAreJobModelwatchEveryThirtySecondsAndFiveSecondsToPush() throws ConfigException {
    PushConfig push = valid(yaml("push:", "  pushgateway: http://gateway:9091") + model()).push();
    assertEquals(URI.create("http://gateway:9091"), push.gateway());
    assertEquals("modelwatch", push.job());
    assertEquals(Map.of(), push.grouping());
    assertEquals(Duration.ofSeconds(30), push.interval());
    assertEquals(Duration.ofSeconds(5), push.timeout());
    assertNull(push.username());
    assertNull(push.truststore());
  }

  @Test
  void everyKeyIsRead() throws ConfigException {
    PushConfig push =
        valid(
                yaml(
                        "push:",
                        "  pushgateway: https://gateway.monitoring:9443/prefix",
                        "  job: nightly-scoring",
                        "  grouping: {app: wine, instance: batch-1}",
                        "  interval: 1s",
                        "  timeout: 2s",
                        "  auth: {username: pusher, password_file: secrets/push-password}",
                        "  tls: {truststore: ca.p12, password_env: CA_PASSWORD}")
                    + model())
            .push();
    assertEquals(URI.create("https://gateway.monitoring:9443/prefix"), push.gateway());
    assertEquals("nightly-scoring", push.job());
    assertEquals(List.of("app", "instance"), List.copyOf(push.grouping().keySet()));
    assertEquals("batch-1", push.grouping().get("instance"));
    assertEquals(Duration.ofSeconds(1), push.interval());
    assertEquals(Duration.ofSeconds(2), push.timeout());
    assertEquals("pusher", push.username());
    assertEquals(Path.of("/etc/modelwatch/secrets/push-password"), push.passwordFile());
    assertEquals(Path.of("/etc/modelwatch/ca.p12"), push.truststore());
    assertEquals("CA_PASSWORD", push.truststorePasswordEnv());
    assertEquals("PKCS12", push.truststoreType());
    assertFalse(push.toString().contains("password"), push.toString());
  }

  @Test
  void theGatewayIsAnHttpUrlWithAHost() {
    assertEquals(
        List.of(
            at(
                2,
                "push.pushgateway: 'gateway:9091' must be an http:// or https:// URL, for example"
                    + " http://pushgateway.monitoring:9091")),
        problems(yaml("push:", "  pushgateway: gateway:9091") + model()));
    assertEquals(
        List.of(
            at(
                2,
                "push.pushgateway: 'http://u:p@gateway:9091' must not hold a user or password; give"
                    + " them under push.auth (password_env or password_file)")),
        problems(yaml("push:", "  pushgateway: http://u:p@gateway:9091") + model()));
    assertEquals(
        List.of(at(1, "push.pushgateway: required")),
        problems(yaml("push:", "  job: x") + model()));
  }

  @Test
  void groupingLabelsAreLabelNamesAndNeverJob() {
    assertEquals(
        List.of(
            at(3, "push.grouping.job: give the job as push.job, not as a grouping label"),
            at(
                3,
                "push.grouping.1x: '1x' is not a label name (letters, digits and _, not starting with a"
                    + " digit or __)")),
        problems(
            yaml("push:", "  pushgateway: http://g:9091", "  grouping: {job: a, 1x: b}")
                + model()));
  }

  @Test
  void intervalAndTimeoutAreBounded() {
    assertEquals(
        List.of(
            at(3, "push.interval: must be between 100ms and 1h, found 10ms"),
            at(4, "push.timeout: must be between 100ms and 1m, found 5m")),
        problems(
            yaml("push:", "  pushgateway: http://g:9091", "  interval: 10ms", "  timeout: 5m")
                + model()));
  }

  @Test
  void authNeedsAUserAndExactlyOnePasswordSource() {
    assertEquals(
        List.of(
            at(
                3,
                "push.auth: give exactly one of password_env, password_file (the password itself"
                    + " stays out of the config)")),
        problems(yaml("push:", "  pushgateway: http://g:9091", "  auth: {username: u}") + model()));
    assertEquals(
        List.of(
            at(
                3,
                "push.auth: give exactly one of password_env, password_file (the password"
                    + " itself stays out of the config)"),
            at(3, "push.auth.password: unknown key 'password'; did you mean 'password_env'?")),
        problems(
            yaml("push:", "  pushgateway: http://g:9091", "  auth: {username: u, password: secret}")
                + model()));
  }

  @Test
  void aTruststoreOnlyForHttps() {
    assertEquals(
        List.of(
            at(
                3,
                "push.tls: applies to an https:// pushgateway only; the pushgateway is"
                    + " http://g:9091")),
        problems(
            yaml(
                    "push:",
                    "  pushgateway: http://g:9091",
                    "  tls: {truststore: ca.p12, password: x}")
                + model()));
  }

  @Test
  void portOffTurnsTheEndpointOffAndNeedsPush() throws ConfigException {
    AgentConfig config =
        valid(yaml("server: {port: off}", "push: {pushgateway: 'http://g:9091'}") + model());
    assertFalse(config.server().enabled());
    assertFalse(
        valid(yaml("server: {enabled: false}", "push: {pushgateway: 'http://g:9091'}") + model())
            .server()
            .enabled());
    assertFalse(
        valid(yaml("server:", "  port: \"off\"", "push: {pushgateway: 'http://g:9091'}") + model())
            .server()
            .enabled());
    assertEquals(
        List.of(
            at(
                1,
                "push: required: the server's endpoint is off, so without a push section nothing"
                    + " would export the metrics; add push: {pushgateway: http://HOST:9091} or give the server a"
                    + " port")),
        problems(yaml("server: {port: off}") + model()));
  }

  @Test
  void aPortOnTheCommandLineTurnsTheEndpointOn() throws ConfigException {
    AgentConfig config =
        valid(yaml("server: {port: off}", "push: {pushgateway: 'http://g:9091'}") + model());
    assertTrue(config.withServerOverrides(9500, null).server().enabled());
    assertEquals(9500, config.withServerOverrides(9500, null).server().port());
    assertFalse(config.withServerOverrides(null, "127.0.0.1").server().enabled());
    assertNotNull(config.withServerOverrides(9500, null).push());
  }

  @Test
  void anInvalidConfigKeepsAValidPushSectionForTheAgentsOwnMetrics() {
    ConfigException invalid =
        assertThrows(
            ConfigException.class,
            () ->
                valid(
                    yaml("server: {port: off}", "push: {pushgateway: 'http://g:9091', job: j}")
                        + model("colour: red")));
    assertEquals("j", invalid.validPush().job());
    assertFalse(invalid.validServer().enabled());
    ConfigException badPush =
        assertThrows(
            ConfigException.class, () -> valid(yaml("push: {pushgateway: 'ftp://g'}") + model()));
    assertNull(badPush.validPush());
  }
}
