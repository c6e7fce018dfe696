package dev.modelwatch.agent.metrics;

/**
 * The names and help texts of everything the agent exports, in one place (see the metrics table in
 * the README). Counter names are given without {@code _total}: the exposition formats add it.
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

  public static final String PREDICTIONS_TIMED = "model_predictions_timed";
  public static final String PREDICTIONS_TIMED_HELP =
      "Calls whose duration was measured; the other calls counted in"
          + " model_prediction_duration_seconds carry the duration last measured on their thread"
          + " (adaptive timing at high call rates).";

  public static final String IN_FLIGHT = "model_predictions_in_flight";
  public static final String IN_FLIGHT_HELP = "Predict calls under way.";

  public static final String BATCH_ROWS = "model_batch_rows";
  public static final String BATCH_ROWS_HELP = "Rows per predict call (1 for single-row APIs).";

  public static final String FEATURE_VALUE = "model_feature_value";
  public static final String FEATURE_VALUE_HELP =
      "Numeric feature values; buckets are the baseline's bin edges (or the configured buckets).";

  public static final String FEATURE_CATEGORY = "model_feature_category";
  public static final String FEATURE_CATEGORY_HELP =
      "Categorical feature values (top categories, then __other__).";

  public static final String FEATURE_MISSING = "model_feature_missing";
  public static final String FEATURE_MISSING_HELP = "Feature values that were null, NaN or absent.";

  public static final String FEATURE_OUT_OF_RANGE = "model_feature_out_of_range";
  public static final String FEATURE_OUT_OF_RANGE_HELP =
      "Feature values outside the baseline's observed training range.";

  public static final String OUTPUT_VALUE = "model_output_value";
  public static final String OUTPUT_VALUE_HELP =
      "Regression outputs and scores; for classification outputs, the predicted class's confidence.";

  public static final String OUTPUT_CLASS = "model_output_class";
  public static final String OUTPUT_CLASS_HELP = "Predicted classes (top classes, then __other__).";

  public static final String FEATURE_BASELINE_RATIO = "model_feature_baseline_ratio";
  public static final String FEATURE_BASELINE_RATIO_HELP =
      "Share of the baseline's (training) values <= upper, where upper is the text of an le label of"
          + " model_feature_value (le itself belongs to histograms only), so live and baseline distributions can be"
          + " compared in PromQL.";

  public static final String FEATURE_BASELINE_SHARE = "model_feature_baseline_share";
  public static final String FEATURE_BASELINE_SHARE_HELP =
      "Share of the baseline's (training) values in the bin gt < value <= upper, on the le edges of"
          + " model_feature_value; gt is the previous upper (-Inf for the first bin), so that recording"
          + " rules can turn cumulative buckets into bins (fleet-wide PSI and JS).";

  public static final String FEATURE_BASELINE_VALUES = "model_feature_baseline_values";
  public static final String FEATURE_BASELINE_VALUES_HELP =
      "Values the baseline's shares of a numeric feature come from (the baseline file's count), so that"
          + " recording rules can compute the fleet's two-sample KS p-value; absent when the baseline has no"
          + " count.";

  public static final String FEATURE_DRIFT = "model_feature_drift";
  public static final String FEATURE_DRIFT_HELP =
      "Drift of a feature over the drift window against the baseline: psi, ks, js (numeric), chi2 and"
          + " cramers_v (categorical).";

  public static final String FEATURE_DRIFT_PVALUE = "model_feature_drift_pvalue";
  public static final String FEATURE_DRIFT_PVALUE_HELP =
      "p-value of a feature's drift test over the window (ks, chi2); small means drift.";

  public static final String OUTPUT_DRIFT = "model_output_drift";
  public static final String OUTPUT_DRIFT_HELP =
      "Prior drift of an output over the drift window against the baseline: psi, ks, js (regression),"
          + " chi2 and cramers_v (class shares).";

  public static final String OUTPUT_DRIFT_PVALUE = "model_output_drift_pvalue";
  public static final String OUTPUT_DRIFT_PVALUE_HELP =
      "p-value of an output's drift test over the window (ks, chi2); small means drift.";

  public static final String FEATURE_DRIFT_STATUS = "model_feature_drift_status";
  public static final String FEATURE_DRIFT_STATUS_HELP =
      "Verdict on a feature over the drift window: 0 ok, 1 warning, 2 drift (test rejects at pvalue and an"
          + " effect size reaches its _warning or drift threshold).";

  public static final String OUTPUT_DRIFT_STATUS = "model_output_drift_status";
  public static final String OUTPUT_DRIFT_STATUS_HELP =
      "Verdict on an output over the drift window: 0 ok, 1 warning, 2 drift (test rejects at pvalue and an"
          + " effect size reaches its _warning or drift threshold).";

  public static final String DRIFT_THRESHOLD = "model_drift_threshold";
  public static final String DRIFT_THRESHOLD_HELP =
      "Threshold of a drift statistic from the config: psi, ks, js, cramers_v (drift at or above it),"
          + " <statistic>_warning (warning at or above it), pvalue (a test rejects below it).";

  public static final String DRIFT_WINDOW_SAMPLES = "model_drift_window_samples";
  public static final String DRIFT_WINDOW_SAMPLES_HELP =
      "Values in the drift window (of the best-filled feature or output); below min_samples no drift"
          + " is reported.";

  public static final String FEEDBACK = "model_feedback";
  public static final String FEEDBACK_HELP =
      "Ground-truth labels and kept predictions by result: matched (a label joined to its prediction), unmatched"
          + " (a label for no pending prediction), expired (a prediction whose label did not come within the ttl),"
          + " dropped (a prediction or label discarded to bound memory), replaced (a pending prediction"
          + " superseded by a later one with the same id, such as identical inputs under prediction_id: {hash:"
          + " features}; only the later one can be matched).";

  public static final String EVALUATION = "model_evaluation";
  public static final String EVALUATION_HELP =
      "Quality against ground truth over the feedback window: accuracy, per-class precision, recall and f1"
          + " (classification); mae, rmse and bias = mean(predicted - actual) (regression). Absent below"
          + " feedback.min_samples.";

  public static final String EVALUATION_SAMPLES = "model_evaluation_samples";
  public static final String EVALUATION_SAMPLES_HELP =
      "Labelled predictions in the feedback window.";

  public static final String EVALUATION_ESTIMATED = "model_evaluation_estimated";
  public static final String EVALUATION_ESTIMATED_HELP =
      "Quality estimated without labels over the feedback window, per classification output: accuracy = the mean"
          + " confidence of the predicted class, which is the expected accuracy of a calibrated classifier. Wrong when"
          + " the confidences are not calibrated probabilities or the relation between inputs and labels changed"
          + " (concept drift). Absent below feedback.min_samples confidences.";

  public static final String EVALUATION_ESTIMATED_SAMPLES = "model_evaluation_estimated_samples";
  public static final String EVALUATION_ESTIMATED_SAMPLES_HELP =
      "Confidences of a classification output in the feedback window (what model_evaluation_estimated averages).";

  public static final String AGENT_INFO = "modelwatch_agent";
  public static final String AGENT_INFO_HELP = "The ModelWatch agent, with its version.";

  public static final String INSTRUMENTED_METHODS = "modelwatch_agent_instrumented_methods";
  public static final String INSTRUMENTED_METHODS_HELP =
      "Methods the agent has instrumented (distinct class and method signature).";

  public static final String AGENT_ERRORS = "modelwatch_agent_errors";
  public static final String AGENT_ERRORS_HELP =
      "Errors contained inside the agent, by stage; the application was not affected.";

  public static final String UNMATCHED_CALLS = "modelwatch_agent_unmatched_calls";
  public static final String UNMATCHED_CALLS_HELP =
      "Calls of an instrumented library method that matched no configured model (not recorded).";

  public static final String CONFIG_RELOADS = "modelwatch_agent_config_reloads";
  public static final String CONFIG_RELOADS_HELP =
      "Changed config (or baseline) files the agent read while running: result=applied (the new config is in"
          + " force) or rejected (invalid; the previous config stays in force).";

  public static final String HTTP_REFUSED = "modelwatch_agent_http_refused";
  public static final String HTTP_REFUSED_HELP =
      "Requests to the agent's port refused, by reason: slow_request (not received in full within"
          + " server.header_timeout / server.body_timeout; the connection is closed), auth_failed (wrong"
          + " credentials, 401), rate_limited (too many failed logins from the client's address, 429), busy"
          + " (no capacity: 503 for a password check, or the connection closed when every thread and queue"
          + " place is taken).";
  public static final String REFUSED_SLOW_REQUEST = "slow_request";
  public static final String REFUSED_AUTH_FAILED = "auth_failed";
  public static final String REFUSED_RATE_LIMITED = "rate_limited";
  public static final String REFUSED_BUSY = "busy";

  public static final String LABEL_REASON = "reason";

  public static final String CAPTURE_SAMPLED = "modelwatch_capture_sampled";
  public static final String CAPTURE_SAMPLED_HELP =
      "Calls sampled for capture (capture.sample of the successful calls): written, dropped, or still"
          + " queued for the writer.";

  public static final String CAPTURE_WRITTEN = "modelwatch_capture_written";
  public static final String CAPTURE_WRITTEN_HELP =
      "Captured calls written to the model's capture files (one JSON line per row of the call).";

  public static final String CAPTURE_DROPPED = "modelwatch_capture_dropped";
  public static final String CAPTURE_DROPPED_HELP =
      "Calls sampled for capture but not written, by reason: queue_full (the writer fell behind; the"
          + " call was not waited for) or write_failed (the capture directory could not be written:"
          + " not writable, not a directory, disk full).";
  public static final String CAPTURE_QUEUE_FULL = "queue_full";
  public static final String CAPTURE_WRITE_FAILED = "write_failed";

  public static final String CONFIG_CHECKS = "modelwatch_agent_config_checks";
  public static final String CONFIG_CHECKS_HELP =
      "Checks of the watched config and baseline files completed, one every reload_interval; a count that stops"
          + " growing means the watching is stuck.";

  public static final String LABEL_MODEL = "model";
  public static final String LABEL_LIBRARY = "library";
  public static final String LABEL_EXCEPTION = "exception";
  public static final String LABEL_FEATURE = "feature";
  public static final String LABEL_CATEGORY = "category";
  public static final String LABEL_OUTPUT = "output";
  public static final String LABEL_CLASS = "class";
  public static final String LABEL_STAGE = "stage";
  public static final String LABEL_RESULT = "result";
  public static final String LABEL_METRIC = "metric";
  public static final String LABEL_VERSION = "version";
  public static final String LABEL_STATISTIC = "statistic";

  /**
   * The upper edge of a baseline bin: the text of the live histogram's {@code le} label, under
   * another name since {@code le} is reserved for histogram buckets ({@code promtool check metrics}
   * rejects it on a gauge).
   */
  public static final String LABEL_UPPER = "upper";

  /** The lower edge of a bin whose upper edge is {@link #LABEL_UPPER}. */
  public static final String LABEL_GT = "gt";
}
