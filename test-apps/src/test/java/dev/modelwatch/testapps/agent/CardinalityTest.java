package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A million distinct categories and predicted classes, and 2,000 distinct exception classes with
 * 200,000 distinct messages: the series per label stay at the configured cap plus {@code
 * __other__}, every call is still counted, and the heap the agent retains stays flat (measured in
 * the child JVM after full GCs).
 */
class CardinalityTest {
  static final String CONFIG =
      String.join(
          "\n",
          "limits: {categories: 20, classes: 20, exceptions: 20}",
          "models:",
          "  - name: categories",
          "    intercept: {class: dev.modelwatch.testapps.isolation.CardinalityModel, method: classify}",
          "    features:",
          "      - {name: category, kind: categorical}",
          "    outputs:",
          "      - {name: label, kind: classification}",
          "  - name: failures",
          "    intercept: {class: dev.modelwatch.testapps.isolation.CardinalityModel, method: fail}",
          "");

  /** Documented bound (README.md, Guarantees) on what the agent may retain after these runs. */
  static final long RETAINED_HEAP_BOUND = 4L * 1024 * 1024;

  @Test
  void distinctLabelsAreCappedAndRetainedHeapStaysFlat() throws Exception {
    try (AgentedServer app =
        AgentedServer.start(
            Scenarios.MAIN, CONFIG, List.of("--port", "0"), List.of("-Xmx512m"), Map.of())) {
      // warm up both paths so classes and caches that exist once are in the baseline
      Scenarios.run(app.server(), "scenario=categories&n=1000");
      Scenarios.run(app.server(), "scenario=exceptions&classes=10&n=10");
      app.scrape();
      long before = Long.parseLong(app.server().get("/heap").trim());

      int categories = 1_000_000;
      assertEquals(
          Map.of(
              "calls", "1000000", "resultLength", Long.toString(expectedResultLength(categories))),
          Scenarios.run(app.server(), "scenario=categories&n=" + categories));
      int classes = 2000;
      int failures = 200_000;
      assertEquals(
          Map.of(
              "calls", Integer.toString(failures), "caughtIdentical", Integer.toString(failures)),
          Scenarios.run(app.server(), "scenario=exceptions&classes=" + classes + "&n=" + failures));

      Scrape scrape = app.scrape();
      long after = Long.parseLong(app.server().get("/heap").trim());

      int totalCategories = 1000 + categories;
      assertEquals(totalCategories, scrape.value("model_predictions_total", "model", "categories"));
      Map<String, Double> seen = series(scrape, "model_feature_category_total", "categories");
      assertEquals(21, seen.size(), seen.toString());
      assertEquals(totalCategories, sum(seen));
      // the first 20 distinct values (of the warm-up, and again in the big run) keep their own
      // series
      for (int i = 0; i < 20; i++) {
        assertEquals(2, seen.get("category-" + i), "category-" + i);
      }
      assertEquals(totalCategories - 40, seen.get("__other__"));

      Map<String, Double> labels = series(scrape, "model_output_class_total", "categories");
      assertEquals(21, labels.size(), labels.toString());
      assertEquals(totalCategories, sum(labels));
      assertEquals(2, labels.get("class-category-0"));
      assertEquals(totalCategories - 40, labels.get("__other__"));

      int totalFailures = 10 + failures;
      assertEquals(totalFailures, scrape.value("model_predictions_total", "model", "failures"));
      Map<String, Double> exceptions = series(scrape, "model_prediction_errors_total", "failures");
      assertEquals(21, exceptions.size(), exceptions.toString());
      assertEquals(totalFailures, sum(exceptions));
      // warm-up: classes 1..10 once each (first loader); then the second loader's classes 1..10
      // share
      // those names and count under them, and its classes 11..20 are admitted: 100 calls each
      for (int i = 1; i <= 10; i++) {
        assertEquals(
            1 + 100,
            exceptions.get(
                String.format("dev.modelwatch.testapps.isolation.TemplateException%04d", i)));
      }
      for (int i = 11; i <= 20; i++) {
        assertEquals(
            100,
            exceptions.get(
                String.format("dev.modelwatch.testapps.isolation.TemplateException%04d", i)));
      }
      assertEquals(totalFailures - 10 * 101 - 10 * 100, exceptions.get("__other__"));
      assertTrue(
          !scrape.text().contains("distinct message"), "exception messages never become labels");

      long retained = after - before;
      System.out.println(
          "CardinalityTest: used heap after GC before " + before + ", after " + after + " bytes");
      assertTrue(
          retained < RETAINED_HEAP_BOUND,
          "heap after the runs grew by "
              + retained
              + " bytes (before "
              + before
              + ", after "
              + after
              + ")");
    }
  }

  /**
   * The app's own result: the summed lengths of "class-category-i", computed here independently.
   */
  static long expectedResultLength(int n) {
    long total = 0;
    for (int i = 0; i < n; i++) {
      total += ("class-category-" + i).length();
    }
    return total;
  }

  /** Series of one metric for one model, keyed by the value of its data-derived label. */
  static Map<String, Double> series(Scrape scrape, String metric, String model) {
    Map<String, Double> values = new java.util.TreeMap<>();
    String prefix = metric + "{";
    for (String line : scrape.text().split("\n")) {
      if (line.startsWith(prefix) && line.contains("model=\"" + model + "\"")) {
        String label = line.replaceAll("^.*(?:category|class|exception)=\"([^\"]*)\".*$", "$1");
        values.put(label, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
      }
    }
    return values;
  }

  static double sum(Map<String, Double> values) {
    return values.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
