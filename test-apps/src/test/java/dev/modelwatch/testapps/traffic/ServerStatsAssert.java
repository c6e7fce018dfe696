package dev.modelwatch.testapps.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

/** Compares a test server's {@code GET /stats} with the traffic generator's own counts. */
public final class ServerStatsAssert {

  private ServerStatsAssert() {}

  /**
   * The server saw exactly the generator's traffic: one model call per request answered 200 or 500,
   * the rows of the 200s, one error per 500, one refusal per 400.
   */
  public static void assertStatsMatch(Map<String, Long> stats, TrafficResult... results) {
    long ok = 0;
    long failed = 0;
    long rejected = 0;
    long rows = 0;
    for (TrafficResult r : results) {
      assertEquals(
          0, r.requests(TrafficResult.Outcome.OTHER), "requests without a 200/400/500 answer");
      ok += r.ok();
      failed += r.failed();
      rejected += r.rejected();
      rows += r.rows(TrafficResult.Outcome.OK);
    }
    assertEquals(ok + failed, stats.get("calls"), "model calls " + stats);
    assertEquals(ok, stats.get("predictions"), "successful calls " + stats);
    assertEquals(rows, stats.get("rows"), "rows predicted " + stats);
    assertEquals(failed, stats.get("errors"), "calls that threw " + stats);
    assertEquals(rejected, stats.get("rejected"), "refused requests " + stats);
  }
}
