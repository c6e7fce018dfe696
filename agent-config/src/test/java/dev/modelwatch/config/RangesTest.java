package dev.modelwatch.config;

import static dev.modelwatch.config.Yamls.at;
import static dev.modelwatch.config.Yamls.model;
import static dev.modelwatch.config.Yamls.modelProblems;
import static dev.modelwatch.config.Yamls.problems;
import static dev.modelwatch.config.Yamls.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RangesTest {

  @Test
  void portAbove65535() {
    assertEquals(
        List.of(at(1, "server.port: must be between 0 and 65535, found 65536")),
        problems(yaml("server: {port: 65536}") + model()));
  }

  @Test
  void negativePort() {
    assertEquals(
        List.of(at(1, "server.port: must be between 0 and 65535, found -1")),
        problems(yaml("server: {port: -1}") + model()));
  }

  @Test
  void portBeyondLongIsStillARangeProblem() {
    assertEquals(
        List.of(at(1, "server.port: must be between 0 and 65535, found 99999999999999999999")),
        problems(yaml("server: {port: 99999999999999999999}") + model()));
  }

  @Test
  void portZeroPicksAFreePortAndIsValid() throws ConfigException {
    assertEquals(0, Yamls.valid(yaml("server: {port: 0}") + model()).server().port());
  }

  @Test
  void categoryLimitZero() {
    assertEquals(
        List.of(at(1, "limits.categories: must be between 1 and 1000, found 0")),
        problems(yaml("limits: {categories: 0}") + model()));
  }

  @Test
  void classLimitAboveMaximum() {
    assertEquals(
        List.of(at(1, "limits.classes: must be between 1 and 1000, found 1001")),
        problems(yaml("limits: {classes: 1001}") + model()));
  }

  @Test
  void exceptionLimitZero() {
    assertEquals(
        List.of(at(1, "limits.exceptions: must be between 1 and 1000, found 0")),
        problems(yaml("limits: {exceptions: 0}") + model()));
  }

  @Test
  void samplingZero() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].sampling: must be greater than 0 and at most 1 (1 records every call),"
                    + " found 0")),
        modelProblems("sampling: 0"));
  }

  @Test
  void timingIsAdaptiveOrEvery() {
    assertEquals(
        List.of(
            at(4, "models[0].timing: unknown timing 'sometimes'; expected one of adaptive, every")),
        modelProblems("timing: sometimes"));
  }

  @Test
  void samplingAboveOne() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].sampling: must be greater than 0 and at most 1 (1 records every call),"
                    + " found 1.5")),
        modelProblems("sampling: 1.5"));
  }

  @Test
  void negativeArgument() {
    assertEquals(
        List.of(at(4, "models[0].features[0].argument: must be between 0 and 254, found -1")),
        modelProblems("features: [{name: x, argument: -1}]"));
  }

  @Test
  void negativeFeatureIndex() {
    assertEquals(
        List.of(at(4, "models[0].features[0].index: must be at least 0, found -2")),
        modelProblems("features: [{name: x, index: -2}]"));
  }

  @Test
  void negativeOutputIndex() {
    assertEquals(
        List.of(at(4, "models[0].outputs[0].index: must be at least 0, found -1")),
        modelProblems("outputs: [{name: y, kind: regression, index: -1}]"));
  }

  @Test
  void slicesZero() {
    assertEquals(
        List.of(at(4, "models[0].drift.slices: must be between 1 and 1000, found 0")),
        modelProblems("drift: {slices: 0}"));
  }

  @Test
  void slicesShorterThanOneSecond() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].drift.slices: a window of 10s cut into 12 slices gives slices shorter"
                    + " than 1s; use at most 10 slices or a window of at least 12s")),
        modelProblems("drift: {window: 10s, slices: 12}"));
  }

  @Test
  void defaultSlicesMakeAShortWindowInvalid() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].drift.window: a window of 500ms cut into 12 slices gives slices"
                    + " shorter than 1s; use a window of at least 12s")),
        modelProblems("drift: {window: 500ms}"));
  }

  @Test
  void minSamplesZero() {
    assertEquals(
        List.of(at(4, "models[0].drift.min_samples: must be at least 1, found 0")),
        modelProblems("drift: {min_samples: 0}"));
  }

  @Test
  void thresholdZero() {
    assertEquals(
        List.of(at(4, "models[0].drift.thresholds.psi: must be greater than 0, found 0")),
        modelProblems("drift: {thresholds: {psi: 0}}"));
  }

  @Test
  void warningThresholdAboveItsDriftThreshold() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].drift.thresholds.psi_warning: must not be above psi (0.25): a warning"
                    + " comes before drift")),
        modelProblems("drift: {thresholds: {psi_warning: 0.3}}"));
  }

  @Test
  void statisticsWithoutATest() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].drift.statistics: list ks or chi2 as well: a numeric column drifts"
                    + " only when a test rejects (see thresholds.pvalue), and ks or chi2 is that test")),
        modelProblems("drift: {statistics: [psi, js]}"));
  }

  @Test
  void pvalueThresholdOne() {
    assertEquals(
        List.of(
            at(
                4,
                "models[0].drift.thresholds.pvalue: must be between 0 and 1 (exclusive),"
                    + " found 1")),
        modelProblems("drift: {thresholds: {pvalue: 1}}"));
  }

  @Test
  void recordRowsZero() {
    assertEquals(
        List.of(at(4, "models[0].baseline.rows: must be at least 1, found 0")),
        modelProblems("baseline: {record: b.yaml, rows: 0}"));
  }

  @Test
  void zeroWindow() {
    assertEquals(
        List.of(at(4, "models[0].drift.window: must be longer than 0s")),
        modelProblems("drift: {window: 0s}"));
  }
}
