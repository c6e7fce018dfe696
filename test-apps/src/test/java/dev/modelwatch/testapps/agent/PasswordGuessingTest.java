package dev.modelwatch.testapps.agent;

import static dev.modelwatch.testapps.agent.PlainServerAgentTest.MAIN;
import static dev.modelwatch.testapps.agent.SecurityEndpointTest.PASSWORD;
import static dev.modelwatch.testapps.agent.SecurityEndpointTest.USER;
import static dev.modelwatch.testapps.agent.SecurityEndpointTest.basic;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wrong passwords in a loop cost the model server little: each client address gets a few checks of
 * the (deliberately slow) password hash, then 429 with a Retry-After and no check at all, and a
 * scrape with the right credentials is answered meanwhile from the remembered verification. Clients
 * are told apart by source address on the loopback network (127.0.0.2, 127.0.0.3, ...).
 */
class PasswordGuessingTest {
  /** Failed checks an address gets before 429 (BasicAuth's allowance). */
  static final int ALLOWED_FAILURES = 5;

  static final int ATTEMPTS = 20;
  static final int ATTACKERS = 3;

  @BeforeAll
  static void hash() throws Exception {
    SecurityEndpointTest.makeKeystoreAndHash();
  }

  @Test
  void wrongPasswordsAreRateLimitedPerAddressAndTheRightOnesStillScrape() throws Exception {
    String config =
        "server:\n  host: 127.0.0.1\n  auth: {username: "
            + USER
            + ", password_hash: '"
            + SecurityEndpointTest.hash
            + "'}\n"
            + SecurityEndpointTest.MODEL;
    try (AgentedServer app = AgentedServer.start(MAIN, config, List.of("--port", "0"))) {
      int port = app.agentPort();
      assertEquals(200, scrape(port, "127.0.0.1").status);

      ProcessHandle child = app.server().process().toHandle();
      Duration cpuBefore = child.info().totalCpuDuration().orElseThrow();
      List<Integer> statuses = new ArrayList<>();
      RawHttp.Response limited = null;
      for (int i = 0; i < ATTEMPTS; i++) {
        RawHttp.Response response = wrong(port, "127.0.0.2", i);
        statuses.add(response.status);
        if (response.status == 429) {
          limited = response;
        }
      }
      Duration cpu = child.info().totalCpuDuration().orElseThrow().minus(cpuBefore);
      System.out.println(
          ATTEMPTS + " wrong passwords cost the server " + cpu.toMillis() + " ms of CPU");
      List<Integer> expected = new ArrayList<>(Collections.nCopies(ALLOWED_FAILURES, 401));
      expected.addAll(Collections.nCopies(ATTEMPTS - ALLOWED_FAILURES, 429));
      assertEquals(expected, statuses);
      int retryAfter = Integer.parseInt(limited.header("Retry-After"));
      assertTrue(retryAfter >= 1 && retryAfter <= 30, limited.toString());

      // the right credentials, remembered, pass even from the address that is held back
      assertEquals(200, scrape(port, "127.0.0.2").status);

      // several guessing clients at once; the right scrape is answered meanwhile
      ExecutorService attackers = Executors.newFixedThreadPool(ATTACKERS);
      try {
        List<Future<List<Integer>>> loops = new ArrayList<>();
        for (int a = 0; a < ATTACKERS; a++) {
          String from = "127.0.0." + (3 + a);
          loops.add(
              attackers.submit(
                  () -> {
                    List<Integer> seen = new ArrayList<>();
                    for (int i = 0; i < ATTEMPTS; i++) {
                      seen.add(wrong(port, from, i).status);
                    }
                    return seen;
                  }));
        }
        int scrapes = 0;
        while (scrapes < 3 || !loops.stream().allMatch(Future::isDone)) {
          RawHttp.Response right = scrape(port, "127.0.0.1");
          assertEquals(200, right.status, right.toString());
          assertTrue(
              right.body.contains("model_predictions_total{model=\"wine\"} 0.0"), right.body);
          scrapes++;
        }
        for (Future<List<Integer>> loop : loops) {
          assertEquals(expected, loop.get(60, TimeUnit.SECONDS));
        }
      } finally {
        attackers.shutdownNow();
      }

      String metrics = scrape(port, "127.0.0.1").body;
      int addresses = 1 + ATTACKERS;
      assertTrue(
          metrics.contains(
              "modelwatch_agent_http_refused_total{reason=\"auth_failed\"} "
                  + (addresses * ALLOWED_FAILURES)
                  + ".0"),
          metrics);
      assertTrue(
          metrics.contains(
              "modelwatch_agent_http_refused_total{reason=\"rate_limited\"} "
                  + (addresses * (ATTEMPTS - ALLOWED_FAILURES))
                  + ".0"),
          metrics);
      assertTrue(
          metrics.contains("modelwatch_agent_http_refused_total{reason=\"busy\"} 0.0"), metrics);
    }
  }

  static RawHttp.Response wrong(int port, String from, int attempt) throws Exception {
    return RawHttp.send(
        from,
        port,
        "GET",
        "/metrics",
        "Authorization: " + basic(USER, "guess-" + attempt) + "\r\n",
        null);
  }

  static RawHttp.Response scrape(int port, String from) throws Exception {
    return RawHttp.send(
        from, port, "GET", "/metrics", "Authorization: " + basic(USER, PASSWORD) + "\r\n", null);
  }
}
