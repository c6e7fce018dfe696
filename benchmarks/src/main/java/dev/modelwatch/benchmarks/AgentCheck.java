package dev.modelwatch.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guards every benchmark fork against measuring the wrong thing: a fork that should run with the
 * agent must have it (its bridge is on the bootstrap class path), one that should not must not, and
 * at the end of an agent fork the agent's own {@code /metrics} must show the calls recorded with no
 * errors inside the agent.
 */
public final class AgentCheck {
  /** The {@code agent} parameter of forks without the agent. */
  public static final String NONE = "none";

  /** System property carrying the agent's metrics port into the forks. */
  public static final String PORT_PROPERTY = "modelwatch.bench.port";

  private AgentCheck() {}

  public static boolean attached() {
    try {
      Class.forName("dev.modelwatch.bootstrap.ModelWatchBridge", false, null);
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** Fails the fork when the presence of the agent does not match the {@code agent} parameter. */
  public static void expect(String agent) {
    boolean wanted = !NONE.equals(agent);
    if (attached() != wanted) {
      throw new IllegalStateException(
          "benchmark parameter agent="
              + agent
              + " but the agent is "
              + (attached() ? "" : "NOT ")
              + "attached to this JVM; run the benchmarks through benchmarks/run.sh (BenchmarkRunner),"
              + " which attaches it only to the agent forks");
    }
  }

  /**
   * In an agent fork, checks that {@code model} was recorded: at least one call, and (when {@code
   * feature} is not null) values of that feature, and no agent errors of any stage.
   */
  public static void verifyRecorded(String agent, String model, String feature) {
    verifyRecorded(agent, model, feature == null ? new String[0] : new String[] {feature}, null);
  }

  /**
   * In an agent fork, checks that {@code model} was recorded: at least one call, values of every
   * one of {@code features} and (when not null) of {@code output}, and no agent errors of any
   * stage. A feature the agent could not find (a wrong name or index) fails here.
   */
  public static void verifyRecorded(String agent, String model, String[] features, String output) {
    if (NONE.equals(agent)) {
      return;
    }
    String metrics = scrape();
    double calls = value(metrics, "model_predictions_total\\{model=\"" + model + "\"\\}");
    if (!(calls > 0)) {
      throw new IllegalStateException(
          "the agent recorded no call of model '" + model + "':\n" + metrics);
    }
    for (String feature : features) {
      double values =
          value(
              metrics,
              "model_feature_value_count\\{feature=\""
                  + Pattern.quote(feature)
                  + "\",model=\""
                  + model
                  + "\"\\}");
      if (!(values > 0)) {
        throw new IllegalStateException(
            "the agent recorded no value of feature '" + feature + "' of model '" + model + "'");
      }
    }
    if (output != null) {
      double values =
          value(
              metrics,
              "model_output_value_count\\{model=\"" + model + "\",output=\"" + output + "\"\\}");
      if (!(values > 0)) {
        throw new IllegalStateException(
            "the agent recorded no value of output '" + output + "' of model '" + model + "'");
      }
    }
    Matcher errors =
        Pattern.compile("(?m)^modelwatch_agent_errors_total\\{[^}]*\\} (\\S+)$").matcher(metrics);
    while (errors.find()) {
      if (Double.parseDouble(errors.group(1)) != 0) {
        throw new IllegalStateException(
            "the agent counted errors, so the benchmark measured its error path: "
                + errors.group());
      }
    }
  }

  /** The agent's {@code /metrics} text. */
  /**
   * In an agent fork, checks that {@code model} was recorded with values of the categorical {@code
   * feature}.
   */
  public static void verifyCategories(String agent, String model, String feature) {
    verifyRecorded(agent, model, new String[0], null);
    if (NONE.equals(agent)) {
      return;
    }
    double values =
        value(
            scrape(),
            "model_feature_category_total\\{category=\"0\",feature=\""
                + Pattern.quote(feature)
                + "\",model=\""
                + model
                + "\"\\}");
    if (!(values > 0)) {
      throw new IllegalStateException(
          "the agent recorded no category of feature '" + feature + "' of " + model);
    }
  }

  public static String scrape() {
    String port = System.getProperty(PORT_PROPERTY);
    try {
      HttpURLConnection connection =
          (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/metrics").openConnection();
      try (InputStream in = connection.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot scrape the agent at port " + port + ": " + e, e);
    }
  }

  private static double value(String metrics, String seriesPattern) {
    Matcher m = Pattern.compile("(?m)^" + seriesPattern + " (\\S+)$").matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
  }
}
