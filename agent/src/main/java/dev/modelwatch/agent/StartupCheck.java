package dev.modelwatch.agent;

import dev.modelwatch.agent.record.Site;
import java.util.List;

/**
 * Some time after start-up, says which configured intercepts have instrumented nothing: a class
 * name with a typo, or a class the application never loads, would otherwise fail silently.
 */
final class StartupCheck {
  private StartupCheck() {}

  /** @param since what the delay counts from: "start-up", or "the config reload" */
  static void warnAboutUnmatchedSites(List<Site> sites, long afterMillis, String since) {
    for (Site site : sites) {
      if (!site.instrumentedMethods().isEmpty()) {
        continue;
      }
      String seconds = (afterMillis / 1000.0) + " s";
      if (site.matchedTypes().isEmpty()) {
        AgentLog.warn(
            site.description()
                + ": nothing instrumented "
                + seconds
                + " after " + since + ": the class has not been loaded. Check the class name in"
                + " intercept.class (fully qualified, e.g. com.acme.Scorer) and that the"
                + " application loads it; calls are recorded as soon as it loads.");
      } else {
        AgentLog.warn(
            site.description()
                + ": nothing instrumented "
                + seconds
                + " after " + since + ": the classes "
                + site.matchedTypes()
                + " were loaded but none declares a non-abstract method of that name and"
                + " parameters. Check intercept.method and intercept.parameters.");
      }
    }
  }
}
