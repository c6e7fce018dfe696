package dev.modelwatch.testapps.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One Grafana dashboard JSON file, parsed into plain maps and lists. */
public final class GrafanaDashboard {

  private final Path file;
  private final Map<String, Object> json;

  private GrafanaDashboard(Path file, Map<String, Object> json) {
    this.file = file;
    this.json = json;
  }

  public static GrafanaDashboard load(Path file) {
    return new GrafanaDashboard(file, YamlFiles.readMap(file));
  }

  /** {@code dashboards/*.json}, sorted. */
  public static List<Path> files(Path repositoryRoot) {
    return YamlFiles.filesEndingWith(repositoryRoot.resolve("dashboards"), ".json");
  }

  public Path file() {
    return file;
  }

  public Map<String, Object> json() {
    return json;
  }

  public String title() {
    return String.valueOf(json.get("title"));
  }

  /** Every panel, including those nested in (collapsed) rows; rows themselves included. */
  public List<Map<String, Object>> panels() {
    List<Map<String, Object>> panels = new ArrayList<>();
    collectPanels(json.get("panels"), panels);
    return panels;
  }

  /** The panels that show data, i.e. all but rows. */
  public List<Map<String, Object>> dataPanels() {
    List<Map<String, Object>> result = new ArrayList<>();
    for (Map<String, Object> panel : panels()) {
      if (!"row".equals(panel.get("type"))) {
        result.add(panel);
      }
    }
    return result;
  }

  /** The template variables ({@code templating.list}). */
  public List<Map<String, Object>> variables() {
    Object templating = json.get("templating");
    if (templating == null) {
      return List.of();
    }
    List<Map<String, Object>> variables = new ArrayList<>();
    for (Object variable :
        YamlFiles.asList(
            YamlFiles.asMap(templating, file + ": templating").get("list"),
            file + ": templating.list")) {
      variables.add(YamlFiles.asMap(variable, file + ": template variable"));
    }
    return variables;
  }

  /** The panel's queries ({@code targets}). */
  public static List<Map<String, Object>> targets(Map<String, Object> panel) {
    List<Map<String, Object>> targets = new ArrayList<>();
    for (Object target :
        YamlFiles.asList(panel.get("targets"), "targets of panel " + panel.get("title"))) {
      targets.add(YamlFiles.asMap(target, "target of panel " + panel.get("title")));
    }
    return targets;
  }

  private void collectPanels(Object list, List<Map<String, Object>> into) {
    for (Object panel : YamlFiles.asList(list, file + ": panels")) {
      Map<String, Object> panelMap = YamlFiles.asMap(panel, file + ": panel");
      into.add(panelMap);
      collectPanels(panelMap.get("panels"), into);
    }
  }

  @Override
  public String toString() {
    return file.getFileName().toString();
  }
}
