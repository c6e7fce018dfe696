package dev.modelwatch.testapps.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboards in {@code dashboards/}: import-ready (a {@code DS_PROMETHEUS} input
 * referenced everywhere, no data source UID written in), the expected template variables, a
 * description and a query on every panel, and every query accepted by Prometheus' parser.
 */
class DashboardQueriesTest {

  private static final String DS_REFERENCE = "${DS_PROMETHEUS}";
  private static final Map<String, Object> DATA_SOURCE =
      Map.of("type", "prometheus", "uid", DS_REFERENCE);

  private static final Path ROOT = RepositoryRoot.find();

  /** The dashboards that must exist, with the template variables each must offer. */
  private static final Map<String, Set<String>> REQUIRED_VARIABLES = new LinkedHashMap<>();

  static {
    REQUIRED_VARIABLES.put(
        "modelwatch-overview.json", Set.of("namespace", "job", "model", "instance"));
    REQUIRED_VARIABLES.put(
        "modelwatch-model.json", Set.of("namespace", "job", "model", "feature", "instance"));
    REQUIRED_VARIABLES.put(
        "modelwatch-agent.json", Set.of("namespace", "job", "model", "instance"));
  }

  @TempDir Path temporary;

  @Test
  void theOverviewModelAndAgentDashboardsExist() {
    Set<String> present =
        GrafanaDashboard.files(ROOT).stream()
            .map(f -> f.getFileName().toString())
            .collect(Collectors.toCollection(TreeSet::new));

    assertTrue(
        present.containsAll(REQUIRED_VARIABLES.keySet()),
        "dashboards/ holds " + present + ", expected at least " + REQUIRED_VARIABLES.keySet());
  }

  @Test
  void everyDashboardIsImportReadyWithoutHardCodedDataSources() {
    List<String> problems = new ArrayList<>();
    Set<String> uids = new HashSet<>();
    for (GrafanaDashboard dashboard : dashboards()) {
      String where = dashboard + ": ";
      List<Object> inputs = YamlFiles.asList(dashboard.json().get("__inputs"), where + "__inputs");
      boolean hasInput =
          inputs.stream()
              .map(i -> YamlFiles.asMap(i, where + "__inputs entry"))
              .anyMatch(
                  i ->
                      "DS_PROMETHEUS".equals(i.get("name"))
                          && "datasource".equals(i.get("type"))
                          && "prometheus".equals(i.get("pluginId")));
      if (!hasInput) {
        problems.add(
            where + "__inputs lacks {name: DS_PROMETHEUS, type: datasource, pluginId: prometheus}");
      }
      checkDataSourceReferences(dashboard.json(), where + "$", problems);
      for (Map<String, Object> panel : dashboard.dataPanels()) {
        if (!DATA_SOURCE.equals(panel.get("datasource"))) {
          problems.add(
              where
                  + "panel '"
                  + panel.get("title")
                  + "' datasource is "
                  + panel.get("datasource")
                  + ", expected "
                  + DATA_SOURCE);
        }
        for (Map<String, Object> target : GrafanaDashboard.targets(panel)) {
          if (!DATA_SOURCE.equals(target.get("datasource"))) {
            problems.add(
                where
                    + "panel '"
                    + panel.get("title")
                    + "' target "
                    + target.get("refId")
                    + " datasource is "
                    + target.get("datasource")
                    + ", expected "
                    + DATA_SOURCE);
          }
        }
      }
      // Provisioned dashboards do not get __inputs filled in; a data source
      // variable of the same name makes ${DS_PROMETHEUS} resolve there too.
      boolean hasDataSourceVariable =
          dashboard.variables().stream()
              .anyMatch(
                  v ->
                      "DS_PROMETHEUS".equals(v.get("name"))
                          && "datasource".equals(v.get("type"))
                          && "prometheus".equals(v.get("query")));
      if (!hasDataSourceVariable) {
        problems.add(
            where + "no template variable DS_PROMETHEUS of type datasource (query: prometheus)");
      }
      Object uid = dashboard.json().get("uid");
      if (uid == null || String.valueOf(uid).isBlank() || !uids.add(String.valueOf(uid))) {
        problems.add(where + "uid " + uid + " is missing or used by another dashboard");
      }
      if (dashboard.json().get("id") != null) {
        problems.add(
            where
                + "id must be null so importing creates a new dashboard, is "
                + dashboard.json().get("id"));
      }
    }
    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  @Test
  void everyDashboardOffersItsTemplateVariablesFromLabelValues() {
    List<String> problems = new ArrayList<>();
    for (GrafanaDashboard dashboard : dashboards()) {
      String where = dashboard + ": ";
      Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
      dashboard.variables().forEach(v -> byName.put(String.valueOf(v.get("name")), v));
      for (String name :
          REQUIRED_VARIABLES.getOrDefault(dashboard.file().getFileName().toString(), Set.of())) {
        Map<String, Object> variable = byName.get(name);
        if (variable == null) {
          problems.add(where + "no template variable '" + name + "'");
          continue;
        }
        String query = DashboardQueries.variableQuery(variable);
        if (!"query".equals(variable.get("type"))
            || !query.startsWith("label_values(")
            || !query.endsWith(", " + name + ")")) {
          problems.add(
              where
                  + "variable '"
                  + name
                  + "' should be a query variable label_values(<selector>, "
                  + name
                  + "), is "
                  + variable.get("type")
                  + " '"
                  + query
                  + "'");
        }
        if (!DATA_SOURCE.equals(variable.get("datasource"))) {
          problems.add(
              where + "variable '" + name + "' datasource is " + variable.get("datasource"));
        }
      }
      Set<String> defined = new HashSet<>(byName.keySet());
      defined.addAll(DashboardQueries.INTERVAL_VARIABLES.keySet());
      List<String> texts = new ArrayList<>();
      for (Map<String, Object> panel : dashboard.panels()) {
        texts.add(String.valueOf(panel.get("title")));
        GrafanaDashboard.targets(panel).forEach(t -> texts.add(String.valueOf(t.get("expr"))));
      }
      byName.values().forEach(v -> texts.add(DashboardQueries.variableQuery(v)));
      for (String text : texts) {
        for (String used : DashboardQueries.referencedVariables(text)) {
          if (!defined.contains(used)) {
            problems.add(where + "$" + used + " is used but not defined: " + text);
          }
        }
      }
    }
    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  /**
   * A fleet is a model's replicas within one job and namespace: every series a panel selects is
   * filtered by both variables (the namespace's "All", {@code .*}, also matches targets without the
   * label). The per-model latency objective is the one series without a job.
   */
  @Test
  void everyPanelQueryFiltersByNamespaceAndJob() {
    Pattern selector = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)\\{([^{}]*)}");
    List<String> problems = new ArrayList<>();
    for (GrafanaDashboard dashboard : dashboards()) {
      for (Map<String, Object> panel : dashboard.dataPanels()) {
        for (Map<String, Object> target : GrafanaDashboard.targets(panel)) {
          Matcher matcher = selector.matcher(String.valueOf(target.get("expr")));
          while (matcher.find()) {
            if (matcher.group(1).equals("model:model_prediction_duration_seconds:p99_slo")) {
              continue;
            }
            if (!matcher.group(2).contains("namespace=~\"$namespace\"")
                || !matcher.group(2).contains("job=~\"$job\"")) {
              problems.add(
                  dashboard
                      + ": panel '"
                      + panel.get("title")
                      + "' target "
                      + target.get("refId")
                      + " selects "
                      + matcher.group()
                      + " without namespace=~\"$namespace\" and job=~\"$job\"");
            }
          }
        }
      }
    }
    assertEquals(List.of(), problems, String.join("\n", problems));
  }

  @Test
  void everyPanelHasADescriptionAndQueries() {
    List<String> problems = new ArrayList<>();
    int panels = 0;
    for (GrafanaDashboard dashboard : dashboards()) {
      Set<Object> ids = new HashSet<>();
      for (Map<String, Object> panel : dashboard.panels()) {
        String where = dashboard + ": panel '" + panel.get("title") + "': ";
        if (!ids.add(panel.get("id"))) {
          problems.add(where + "id " + panel.get("id") + " is not unique");
        }
        if ("row".equals(panel.get("type"))) {
          continue;
        }
        panels++;
        Object description = panel.get("description");
        if (description == null || String.valueOf(description).isBlank()) {
          problems.add(where + "no description");
        }
        List<Map<String, Object>> targets = GrafanaDashboard.targets(panel);
        if (targets.isEmpty()) {
          problems.add(where + "no targets");
        }
        Set<Object> refIds = new HashSet<>();
        for (Map<String, Object> target : targets) {
          Object expr = target.get("expr");
          if (expr == null || String.valueOf(expr).isBlank()) {
            problems.add(where + "target " + target.get("refId") + " has no expr");
          }
          if (target.get("refId") == null || !refIds.add(target.get("refId"))) {
            problems.add(where + "target refId " + target.get("refId") + " is missing or repeated");
          }
        }
      }
    }
    assertEquals(List.of(), problems, String.join("\n", problems));
    assertTrue(panels > 0, "no panels in " + ROOT.resolve("dashboards"));
  }

  @TestFactory
  Stream<DynamicTest> prometheusParsesEveryQuery() {
    List<DashboardQueries.Query> queries = DashboardQueries.all(ROOT);
    assertFalse(queries.isEmpty(), "no queries in " + ROOT.resolve("dashboards"));
    Promtool promtool = promtool();
    return queries.stream()
        .map(
            query ->
                DynamicTest.dynamicTest(
                    query.toString(),
                    () -> {
                      String expression = query.sampleExpression();
                      assertFalse(
                          expression.contains("$"),
                          () -> "unreplaced variable left in: " + expression);

                      Promtool.Result result =
                          promtool.run(
                              temporary, "check", "rules", ruleFileWith(expression).toString());

                      assertTrue(
                          result.succeeded(),
                          () ->
                              query
                                  + " is not valid PromQL for Prometheus:\n  "
                                  + expression
                                  + "\n(from "
                                  + query.expr()
                                  + ")\n"
                                  + result.describe());
                    }));
  }

  @Test
  void substitutionReplacesEveryVariableFormGrafanaUses() {
    Map<String, String> values = Map.of("model", "wine", "feature", "ph");
    String expr =
        "sum(rate(x{model=\"$model\",feature=~\"${feature}\",f2=~\"${feature:regex}\",m=\"[[model]]\"}"
            + "[$__rate_interval])) + sum_over_time(y[$__range]) + z offset $__interval";

    assertEquals(
        "sum(rate(x{model=\"wine\",feature=~\"ph\",f2=~\"ph\",m=\"wine\"}[1m])) + sum_over_time(y[1h])"
            + " + z offset 15s",
        DashboardQueries.substitute(expr, values));
  }

  @Test
  void provisioningFilesPointGrafanaAtTheDashboardsAndAPrometheus() {
    Path provisioning = ROOT.resolve("dashboards").resolve("provisioning");
    Map<String, Object> dashboards = YamlFiles.readMap(provisioning.resolve("dashboards.yaml"));
    Map<String, Object> dataSources = YamlFiles.readMap(provisioning.resolve("datasources.yaml"));

    assertEquals(1, dashboards.get("apiVersion"));
    List<Object> providers = YamlFiles.asList(dashboards.get("providers"), "providers");
    assertEquals(1, providers.size(), "providers: " + providers);
    Map<String, Object> provider = YamlFiles.asMap(providers.get(0), "provider");
    assertEquals("file", provider.get("type"));
    Object path = YamlFiles.asMap(provider.get("options"), "provider options").get("path");
    assertTrue(
        path instanceof String && !((String) path).isBlank(), "provider options.path: " + path);

    assertEquals(1, dataSources.get("apiVersion"));
    List<Object> sources = YamlFiles.asList(dataSources.get("datasources"), "datasources");
    assertEquals(1, sources.size(), "datasources: " + sources);
    Map<String, Object> source = YamlFiles.asMap(sources.get(0), "datasource");
    assertEquals("prometheus", source.get("type"));
    // The dashboards' DS_PROMETHEUS variable defaults to Grafana's default data source.
    assertEquals(Boolean.TRUE, source.get("isDefault"));
  }

  /**
   * Every "datasource" in the JSON tree refers to the DS_PROMETHEUS input, or to Grafana's built-in
   * annotations.
   */
  private static void checkDataSourceReferences(Object node, String path, List<String> problems) {
    if (node instanceof Map) {
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) node).entrySet()) {
        String childPath = path + "." + entry.getKey();
        if ("datasource".equals(entry.getKey())) {
          Object ref = entry.getValue();
          boolean input = DATA_SOURCE.equals(ref) || DS_REFERENCE.equals(ref);
          boolean builtInAnnotations =
              ref instanceof Map
                  && "grafana".equals(((Map<?, ?>) ref).get("type"))
                  && "-- Grafana --".equals(((Map<?, ?>) ref).get("uid"));
          if (!input && !builtInAnnotations) {
            problems.add(childPath + " is " + ref + ", expected " + DATA_SOURCE);
          }
        } else {
          checkDataSourceReferences(entry.getValue(), childPath, problems);
        }
      }
    } else if (node instanceof List) {
      List<?> list = (List<?>) node;
      for (int i = 0; i < list.size(); i++) {
        checkDataSourceReferences(list.get(i), path + "[" + i + "]", problems);
      }
    }
  }

  /**
   * A rule file with the expression as its only recording rule: promtool parses and type-checks it.
   */
  private Path ruleFileWith(String expression) throws IOException {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("record", "dashboard:query:check");
    rule.put("expr", expression);
    Map<String, Object> group = new LinkedHashMap<>();
    group.put("name", "dashboard-query");
    group.put("rules", List.of(rule));
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    Path file = Files.createTempFile(temporary, "dashboard-query-", ".rules.yml");
    Files.writeString(
        file, new Yaml(options).dump(Map.of("groups", List.of(group))), StandardCharsets.UTF_8);
    return file;
  }

  private static List<GrafanaDashboard> dashboards() {
    List<GrafanaDashboard> dashboards = new ArrayList<>();
    for (Path file : GrafanaDashboard.files(ROOT)) {
      dashboards.add(GrafanaDashboard.load(file));
    }
    assertFalse(dashboards.isEmpty(), "no *.json in " + ROOT.resolve("dashboards"));
    return dashboards;
  }

  private static Promtool promtool() {
    try {
      return Promtool.locate();
    } catch (IllegalStateException e) {
      return fail(e.getMessage());
    }
  }
}
