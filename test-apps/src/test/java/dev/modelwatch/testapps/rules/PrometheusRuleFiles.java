package dev.modelwatch.testapps.rules;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus rule files in {@code alerts/}, their rules, and the promtool unit tests in {@code
 * alerts/tests/}.
 */
public final class PrometheusRuleFiles {

  private PrometheusRuleFiles() {}

  /** {@code alerts/*.rules.yml}, sorted. */
  public static List<Path> ruleFiles(Path repositoryRoot) {
    return YamlFiles.filesEndingWith(repositoryRoot.resolve("alerts"), ".rules.yml", ".rules.yaml");
  }

  /** {@code alerts/tests/*.test.yml}, sorted. */
  public static List<Path> unitTestFiles(Path repositoryRoot) {
    return YamlFiles.filesEndingWith(
        repositoryRoot.resolve("alerts").resolve("tests"), ".test.yml", ".test.yaml");
  }

  /** Every rule of every group in one rule file, in file order. */
  public static List<Rule> rules(Path ruleFile) {
    List<Rule> rules = new ArrayList<>();
    Map<String, Object> document = YamlFiles.readMap(ruleFile);
    for (Object group : YamlFiles.asList(document.get("groups"), ruleFile + ": groups")) {
      Map<String, Object> groupMap = YamlFiles.asMap(group, ruleFile + ": group");
      String groupName = String.valueOf(groupMap.get("name"));
      for (Object rule :
          YamlFiles.asList(groupMap.get("rules"), ruleFile + ": group " + groupName + " rules")) {
        Map<String, Object> ruleMap =
            YamlFiles.asMap(rule, ruleFile + ": group " + groupName + " rule");
        rules.add(new Rule(ruleFile, groupName, ruleMap));
      }
    }
    return rules;
  }

  /** One alerting or recording rule. */
  public static final class Rule {
    private final Path file;
    private final String group;
    private final Map<String, Object> definition;

    Rule(Path file, String group, Map<String, Object> definition) {
      this.file = file;
      this.group = group;
      this.definition = definition;
    }

    public boolean isAlert() {
      return definition.containsKey("alert");
    }

    /** The alert name, or the name of the recorded series. */
    public String name() {
      return String.valueOf(isAlert() ? definition.get("alert") : definition.get("record"));
    }

    public String expr() {
      return String.valueOf(definition.get("expr"));
    }

    public Map<String, String> labels() {
      return strings(definition.get("labels"));
    }

    public Map<String, String> annotations() {
      return strings(definition.get("annotations"));
    }

    /** Where the rule is, for failure messages. */
    public String location() {
      return file.getFileName()
          + ", group "
          + group
          + ", "
          + (isAlert() ? "alert " : "record ")
          + name();
    }

    private Map<String, String> strings(Object value) {
      Map<String, String> result = new LinkedHashMap<>();
      if (value != null) {
        YamlFiles.asMap(value, location()).forEach((k, v) -> result.put(k, String.valueOf(v)));
      }
      return result;
    }

    @Override
    public String toString() {
      return location();
    }
  }
}
