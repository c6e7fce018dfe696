package dev.modelwatch.testapps.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.testapps.agent.AgentedServer;
import dev.modelwatch.testapps.agent.Http;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading the page's JSON and the rows and charts of its DOM, for the page tests. */
final class PageJson {
  static final String PLAIN_SERVER = "dev.modelwatch.testapps.plain.PlainModelServer";

  private static final Pattern EDGE =
      Pattern.compile("<text class=\"edge\"[^>]* data-edge=\"([^\"]+)\">");
  private static final Pattern CATEGORY =
      Pattern.compile("<text class=\"category\"[^>]* data-category=\"([^\"]*)\">");

  private PageJson() {}

  static Map<String, Object> apiModels(AgentedServer app) throws Exception {
    HttpResponse<String> response = Http.get(app.agentPort(), "/api/models", Map.of());
    assertEquals(200, response.statusCode(), response.body());
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) Json.parse(response.body());
    return json;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> onlyModel(Map<String, Object> json) {
    List<Object> models = (List<Object>) json.get("models");
    assertEquals(1, models.size(), json.toString());
    return (Map<String, Object>) models.get(0);
  }

  /** The column of that role ({@code feature} or {@code output}) and name. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> column(Map<String, Object> model, String role, String name) {
    for (Object c : (List<Object>) model.get("columns")) {
      Map<String, Object> column = (Map<String, Object>) c;
      if (role.equals(column.get("role")) && name.equals(column.get("name"))) {
        return column;
      }
    }
    throw new AssertionError("no " + role + " " + name + " in " + model);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> bins(Map<String, Object> column) {
    return (List<Map<String, Object>>) (List<?>) column.get("bins");
  }

  /** The page's row of that feature or output, up to its end. */
  static String row(String dom, String role, String name) {
    int start = dom.indexOf("data-" + role + "=\"" + name + "\"");
    assertTrue(start >= 0, name + " has no row");
    return dom.substring(start, dom.indexOf("</tr>", start));
  }

  /** The exact edges labelled on a numeric chart's axis, left to right. */
  static List<Double> axisEdges(String row) {
    List<Double> edges = new ArrayList<>();
    Matcher m = EDGE.matcher(row);
    while (m.find()) {
      edges.add(Double.parseDouble(m.group(1)));
    }
    return edges;
  }

  /** The category names labelled on a categorical chart's axis, left to right. */
  static List<String> axisCategories(String row) {
    List<String> names = new ArrayList<>();
    Matcher m = CATEGORY.matcher(row);
    while (m.find()) {
      names.add(unescape(m.group(1)));
    }
    return names;
  }

  static String unescape(String text) {
    return text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
  }
}
