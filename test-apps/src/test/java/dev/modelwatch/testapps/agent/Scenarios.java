package dev.modelwatch.testapps.agent;

import dev.modelwatch.testapps.ForkedServer;
import dev.modelwatch.testapps.isolation.ScenarioServer;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@link ScenarioServer} scenarios in a child JVM and parses their {@code key=value} reports.
 */
final class Scenarios {
  static final String MAIN = ScenarioServer.class.getName();
  static final String FAULTY =
      String.join(
          "\n",
          "models:",
          "  - name: faults",
          "    intercept: {class: dev.modelwatch.testapps.isolation.FaultyModel, method: score}",
          "    features:",
          "      - {name: x, index: 0}",
          "    outputs:",
          "      - {name: score, kind: regression}",
          "");

  private Scenarios() {}

  static Map<String, String> run(ForkedServer server, String query)
      throws IOException, InterruptedException {
    return parse(server.get("/run?" + query));
  }

  static Map<String, String> parse(String report) {
    Map<String, String> values = new TreeMap<>();
    for (String line : report.split("\n")) {
      if (!line.isEmpty()) {
        int eq = line.indexOf('=');
        values.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    return values;
  }

  /**
   * The number of calls that ended by throwing {@code exceptionClass}, as the application saw them.
   */
  static long thrown(Map<String, String> report, String exceptionClass) {
    return Long.parseLong(report.getOrDefault("thrown:" + exceptionClass, "0"));
  }
}
