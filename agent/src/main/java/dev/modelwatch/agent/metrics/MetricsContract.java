package dev.modelwatch.agent.metrics;

/**
 * The names and help texts of everything the agent exports, in one place (see the metrics table
 * in the README). Counter names are given without {@code _total}: the exposition formats add it.
 */
public final class MetricsContract {
  private MetricsContract() {}

  public static final String PREDICTIONS = "model_predictions";
  public static final String PREDICTIONS_HELP =
      "Calls of the instrumented predict method (rows are counted in model_batch_rows).";

  public static final String PREDICTION_ERRORS = "model_prediction_errors";
  public static final String PREDICTION_ERRORS_HELP =
      "Calls of the instrumented predict method that threw, by exception class.";

  public static final String PREDICTION_DURATION = "model_prediction_duration_seconds";
  public static final String PREDICTION_DURATION_HELP = "Wall time of the predict call.";

  public static final String IN_FLIGHT = "model_predictions_in_flight";
  public static final String IN_FLIGHT_HELP = "Predict calls under way.";

  public static final String AGENT_INFO = "modelwatch_agent";
  public static final String AGENT_INFO_HELP = "The ModelWatch agent, with its version.";

  public static final String INSTRUMENTED_METHODS = "modelwatch_agent_instrumented_methods";
  public static final String INSTRUMENTED_METHODS_HELP =
      "Methods the agent has instrumented (distinct class and method signature).";

  public static final String AGENT_ERRORS = "modelwatch_agent_errors";
  public static final String AGENT_ERRORS_HELP =
      "Errors contained inside the agent, by stage; the application was not affected.";

  public static final String LABEL_MODEL = "model";
  public static final String LABEL_EXCEPTION = "exception";
  public static final String LABEL_STAGE = "stage";
  public static final String LABEL_VERSION = "version";
}
