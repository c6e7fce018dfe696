package dev.modelwatch.agent.feedback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Evaluation metrics against values computed here from the raw pairs. */
class EvaluationWindowTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void regressionMaeRmseAndBiasOfRandomPairs() {
    EvaluationWindow window = new EvaluationWindow(false, 60 * SECOND, 20);
    SplittableRandom random = new SplittableRandom(7);
    int n = 500;
    double absSum = 0;
    double squareSum = 0;
    double errorSum = 0;
    for (int i = 0; i < n; i++) {
      double predicted = 5 + random.nextDouble() * 2;
      double actual = 4 + random.nextDouble() * 4;
      window.addRegression(predicted, actual, 100 * SECOND + i * 1000L);
      absSum += Math.abs(predicted - actual);
      squareSum += (predicted - actual) * (predicted - actual);
      errorSum += predicted - actual;
    }
    Map<String, Double> metrics = window.totals(101 * SECOND).regressionMetrics();
    assertEquals(absSum / n, metrics.get("mae"), 1e-12);
    assertEquals(Math.sqrt(squareSum / n), metrics.get("rmse"), 1e-12);
    assertEquals(errorSum / n, metrics.get("bias"), 1e-12);
  }

  @Test
  void biasIsPredictedMinusActual() {
    EvaluationWindow window = new EvaluationWindow(false, 60 * SECOND, 20);
    window.addRegression(7, 5, 0);
    window.addRegression(3, 4, 0);
    Map<String, Double> metrics = window.totals(0).regressionMetrics();
    assertEquals(0.5, metrics.get("bias"), 0); // (2 + -1) / 2: positive = predictions too high
    assertEquals(1.5, metrics.get("mae"), 0);
    assertEquals(Math.sqrt(2.5), metrics.get("rmse"), 0);
  }

  @Test
  void accuracyPrecisionRecallAndF1PerClass() {
    // predicted -> actual, by hand: a->a x3, a->b x1, b->b x2, b->a x2, c->a x1
    String[][] pairs = {
      {"a", "a"},
      {"a", "a"},
      {"a", "a"},
      {"a", "b"},
      {"b", "b"},
      {"b", "b"},
      {"b", "a"},
      {"b", "a"},
      {"c", "a"}
    };
    EvaluationWindow window = new EvaluationWindow(true, 60 * SECOND, 20);
    for (String[] pair : pairs) {
      window.addClassification(pair[0], pair[1], SECOND);
    }
    EvaluationWindow.Totals totals = window.totals(SECOND);
    assertEquals(List.of("a", "b", "c"), totals.classNames);
    assertEquals(5.0 / 9, totals.accuracy(), 1e-15);
    // a: TP 3, predicted 4, actual 6
    assertEquals(3.0 / 4, totals.precision(0), 1e-15);
    assertEquals(3.0 / 6, totals.recall(0), 1e-15);
    assertEquals(2 * (0.75 * 0.5) / (0.75 + 0.5), totals.f1(0), 1e-15);
    // b: TP 2, predicted 4, actual 3
    assertEquals(2.0 / 4, totals.precision(1), 1e-15);
    assertEquals(2.0 / 3, totals.recall(1), 1e-15);
    assertEquals(2 * (0.5 * 2.0 / 3) / (0.5 + 2.0 / 3), totals.f1(1), 1e-15);
    // c: predicted once, never right, never a label: precision 0, recall undefined, f1 0
    assertEquals(0.0, totals.precision(2), 0);
    assertTrue(Double.isNaN(totals.recall(2)));
    assertEquals(0.0, totals.f1(2), 0);
  }

  @Test
  void classesBeyondTheLimitShareOther() {
    EvaluationWindow window = new EvaluationWindow(true, 60 * SECOND, 2);
    window.addClassification("a", "a", 0);
    window.addClassification("b", "c", 0);
    window.addClassification("d", "d", 0);
    EvaluationWindow.Totals totals = window.totals(0);
    assertEquals(List.of("a", "b", "__other__"), totals.classNames);
    assertEquals(2.0 / 3, totals.accuracy(), 1e-15);
    assertEquals(1.0, totals.precision(2), 0); // d -> d counted as __other__ -> __other__
    assertEquals(0.5, totals.recall(2), 0); // labels c and d are __other__; only d was right
  }

  @Test
  void pairsOlderThanTheWindowLeaveIt() {
    EvaluationWindow window = new EvaluationWindow(false, 12 * SECOND, 20); // slices of 1 s
    window.addRegression(1, 0, 0);
    window.addRegression(3, 0, 5 * SECOND);
    assertEquals(2, window.totals(11 * SECOND + SECOND / 2).count);
    EvaluationWindow.Totals later = window.totals(12 * SECOND);
    assertEquals(1, later.count);
    assertEquals(3.0, later.regressionMetrics().get("mae"), 0);
    assertEquals(0, window.totals(17 * SECOND).count);
  }
}
