package dev.modelwatch.agent;

import dev.modelwatch.agent.record.Site;
import java.util.List;

/**
 * Some time after start-up, says which configured intercepts have instrumented nothing: a class
 * name with a typo, or a class the application never loads, would otherwise fail silently.
 */
final class StartupCheck {
  private StartupCheck() {}

  /**
   * @param since what the delay counts from: "start-up", or "the config reload"
   */
  static void warnAboutUnmatchedSites(List<Site> sites, long afterMillis, String since) {
    warn(sites, "nothing instrumented " + (afterMillis / 1000.0) + " s after " + since);
  }

  /** For a JVM that exits before the delayed check: the same words, once, from the exit hook. */
  static void warnAboutUnmatchedSitesAtExit(List<Site> sites, long uptimeMillis) {
    warn(
        sites,
        "nothing instrumented before the JVM exited ("
            + (uptimeMillis / 1000.0)
            + " s after the agent started)");
  }

  private static void warn(List<Site> sites, String nothingInstrumented) {
    for (Site site : sites) {
      if (!site.instrumentedMethods().isEmpty()) {
        continue;
      }
      if (site.matchedTypes().isEmpty()) {
        AgentLog.warn(
            site.description()
                + ": "
                + nothingInstrumented
                + ": the class has not been loaded. Check the class name in"
                + " intercept.class (fully qualified, e.g. com.acme.Scorer) and that the"
                + " application loads it; calls are recorded as soon as it loads. (check-config"
                + " --classpath APP_CLASSPATH finds a misspelt class before a run.)");
      } else {
        AgentLog.warn(
            site.description()
                + ": "
                + nothingInstrumented
                + ": the classes "
                + site.matchedTypes()
                + " were loaded but none declares a non-abstract method of that name and"
                + " parameters. Check intercept.method and intercept.parameters.");
      }
    }
  }
}
