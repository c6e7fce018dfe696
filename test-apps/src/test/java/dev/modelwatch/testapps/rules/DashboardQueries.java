package dev.modelwatch.testapps.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL expressions of the Grafana dashboards, with template and interval variables replaced
 * by concrete values so Prometheus can parse or run them.
 */
public final class DashboardQueries {

  /** Values for the dashboards' own variables when a caller has none of its own. */
  public static final Map<String, String> SAMPLE_VARIABLES;

  /** Grafana's built-in interval variables and the durations they stand for outside Grafana. */
  public static final Map<String, String> INTERVAL_VARIABLES;

  static {
    Map<String, String> sample = new LinkedHashMap<>();
    // "All" of the namespace variable, which also matches targets without a namespace label
    sample.put("namespace", ".*");
    sample.put("job", "model-server");
    sample.put("model", "wine-quality");
    sample.put("feature", "alcohol");
    sample.put("instance", "localhost:9464");
    SAMPLE_VARIABLES = Collections.unmodifiableMap(sample);
    Map<String, String> intervals = new LinkedHashMap<>();
    intervals.put("__rate_interval", "1m");
    intervals.put("__interval", "15s");
    intervals.put("__interval_ms", "15000");
    intervals.put("__range", "1h");
    intervals.put("__range_s", "3600");
    intervals.put("__range_ms", "3600000");
    INTERVAL_VARIABLES = Collections.unmodifiableMap(intervals);
  }

  // $name, ${name}, ${name:format}, [[name]] and [[name:format]]
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\{(\\w+)(?::[^}]*)?}|\\$(\\w+)|\\[\\[(\\w+)(?::[^\\]]*)?]]");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\((.*),\\s*(\\w+)\\s*\\)\\s*$", Pattern.DOTALL);
  private static final Pattern QUERY_RESULT =
      Pattern.compile("^\\s*query_result\\((.*)\\)\\s*$", Pattern.DOTALL);

  private DashboardQueries() {}

  /** Every panel query and every variable query of every dashboard under {@code dashboards/}. */
  public static List<Query> all(Path repositoryRoot) {
    List<Query> queries = new ArrayList<>();
    for (Path file : GrafanaDashboard.files(repositoryRoot)) {
      queries.addAll(of(GrafanaDashboard.load(file)));
    }
    return queries;
  }

  /**
   * The panel queries ({@code targets[].expr}) of one dashboard, then the PromQL inside its query
   * variables ({@code label_values(<selector>, label)} and {@code query_result(<expr>)}).
   */
  public static List<Query> of(GrafanaDashboard dashboard) {
    List<Query> queries = new ArrayList<>();
    for (Map<String, Object> panel : dashboard.dataPanels()) {
      for (Map<String, Object> target : GrafanaDashboard.targets(panel)) {
        Object expr = target.get("expr");
        queries.add(
            new Query(
                dashboard.file().getFileName().toString(),
                "panel '" + panel.get("title") + "'",
                String.valueOf(target.get("refId")),
                expr == null ? "" : String.valueOf(expr)));
      }
    }
    for (Map<String, Object> variable : dashboard.variables()) {
      if (!"query".equals(variable.get("type"))) {
        continue;
      }
      String promql = variablePromql(variableQuery(variable));
      if (promql != null) {
        queries.add(
            new Query(
                dashboard.file().getFileName().toString(),
                "variable '" + variable.get("name") + "'",
                "query",
                promql));
      }
    }
    return queries;
  }

  /**
   * The query text of a query variable: a string, or the {@code query} field of Grafana's query
   * object.
   */
  public static String variableQuery(Map<String, Object> variable) {
    Object query = variable.get("query");
    if (query instanceof Map) {
      query = ((Map<?, ?>) query).get("query");
    }
    return query == null ? "" : String.valueOf(query);
  }

  /**
   * The PromQL inside a variable query, or null for forms without one ({@code label_values(label)},
   * {@code label_names()}).
   */
  static String variablePromql(String variableQuery) {
    Matcher labelValues = LABEL_VALUES.matcher(variableQuery);
    if (labelValues.matches()) {
      return labelValues.group(1).trim();
    }
    Matcher queryResult = QUERY_RESULT.matcher(variableQuery);
    if (queryResult.matches()) {
      return queryResult.group(1).trim();
    }
    return null;
  }

  /** The names of the variables {@code text} refers to, in order of first use. */
  public static Set<String> referencedVariables(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher matcher = VARIABLE.matcher(text);
    while (matcher.find()) {
      names.add(name(matcher));
    }
    return names;
  }

  /**
   * {@code expr} with every variable replaced: interval variables by {@link #INTERVAL_VARIABLES},
   * the others by {@code values}.
   *
   * @throws IllegalArgumentException naming the variable when a value is missing
   */
  public static String substitute(String expr, Map<String, String> values) {
    Matcher matcher = VARIABLE.matcher(expr);
    StringBuilder result = new StringBuilder();
    while (matcher.find()) {
      String name = name(matcher);
      String value =
          INTERVAL_VARIABLES.containsKey(name) ? INTERVAL_VARIABLES.get(name) : values.get(name);
      if (value == null) {
        throw new IllegalArgumentException(
            "No value for variable $"
                + name
                + " in: "
                + expr
                + " (known: "
                + values.keySet()
                + " and "
                + INTERVAL_VARIABLES.keySet()
                + ")");
      }
      matcher.appendReplacement(result, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(result);
    return result.toString();
  }

  private static String name(Matcher matcher) {
    for (int group = 1; group <= 3; group++) {
      if (matcher.group(group) != null) {
        return matcher.group(group);
      }
    }
    throw new IllegalStateException("variable pattern matched without a name: " + matcher.group());
  }

  /** One PromQL expression of a dashboard and where it sits. */
  public static final class Query {
    private final String dashboard;
    private final String source;
    private final String refId;
    private final String expr;

    Query(String dashboard, String source, String refId, String expr) {
      this.dashboard = dashboard;
      this.source = source;
      this.refId = refId;
      this.expr = expr;
    }

    /** The dashboard's file name. */
    public String dashboard() {
      return dashboard;
    }

    /** The expression as written in the dashboard, variables included. */
    public String expr() {
      return expr;
    }

    /** The expression with variables replaced (see {@link DashboardQueries#substitute}). */
    public String expression(Map<String, String> variableValues) {
      return DashboardQueries.substitute(expr, variableValues);
    }

    /** The expression with {@link DashboardQueries#SAMPLE_VARIABLES}. */
    public String sampleExpression() {
      return expression(SAMPLE_VARIABLES);
    }

    @Override
    public String toString() {
      return dashboard + " " + source + " " + refId;
    }
  }
}
