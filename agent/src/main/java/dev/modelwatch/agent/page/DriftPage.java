package dev.modelwatch.agent.page;

import dev.modelwatch.agent.drift.DriftVerdict;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The agent's own page at {@code /}: per model, calls, errors and latency, then every feature and
 * output against its baseline, worst first, each with a small chart of its live window over the
 * baseline. Plain HTML and inline SVG and CSS: nothing is loaded from anywhere, it reads without
 * JavaScript, and it reloads itself every 5 seconds. Rows carry {@code data-model}, {@code
 * data-feature} or {@code data-output}, and {@code data-status} for scripts and tests.
 */
final class DriftPage {
  static final int REFRESH_SECONDS = 5;

  private static final String STYLE =
      String.join(
          "\n",
          "body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:1.5em;color:#1d2430;background:#fafbfc}",
          "h1{font-size:1.4em;margin:0 0 .2em}h2{font-size:1.2em;margin:1.4em 0 .4em}",
          ".meta{color:#5a6475;margin:0 0 1em}",
          "table{border-collapse:collapse;background:#fff;margin:.3em 0 1em}",
          "th,td{border:1px solid #dde2ea;padding:.3em .6em;text-align:left;vertical-align:middle}",
          "th{background:#eef1f6;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}",
          ".status{font-weight:600;border-radius:3px;padding:.1em .45em;white-space:nowrap}",
          ".status.drift{background:#c62828;color:#fff}.status.warning{background:#f9a825;color:#1d2430}",
          ".status.ok{background:#2e7d32;color:#fff}.status.pending,.status.no-baseline{background:#cfd6e0;color:#1d2430}",
          ".stat{white-space:nowrap;margin-right:.5em}.stat.drift{color:#c62828;font-weight:600}",
          ".stat.warning{color:#a66b00;font-weight:600}.stat.ok{color:#2e7d32}",
          ".pvalue.significant{color:#c62828;font-weight:600}.pvalue.small-effect{color:#5a6475;font-style:italic}",
          "svg.chart rect.baseline{fill:#b8c1cf}svg.chart rect.live{fill:#2e7d32}",
          "svg.chart rect.live.drift{fill:#c62828}svg.chart rect.live.warning{fill:#f9a825}",
          "svg.chart rect.live.pending,svg.chart rect.live.no-baseline{fill:#7b8798}svg.chart .axis,svg.chart .tick{stroke:#9aa5b5}",
          "svg.chart text{font-family:monospace;font-size:9px;fill:#5a6475}",
          "svg.spark .line{fill:none;stroke:#1d2430;stroke-width:1.2;stroke-linecap:round;stroke-linejoin:round}",
          "svg.spark .threshold{stroke:#c62828;stroke-width:.8;stroke-dasharray:3 2}",
          "svg.spark circle.drift{fill:#c62828}svg.spark circle.warning{fill:#f9a825}",
          ".no-baseline-note{color:#5a6475;font-size:.85em}",
          ".legend span{display:inline-block;width:.9em;height:.9em;vertical-align:middle;margin:0 .3em 0 .8em}",
          ".eval{border:1px dashed #9aa5b5;padding:.5em .8em;background:#fff;display:inline-block}");

  private DriftPage() {}

  static String render(String version, List<ModelReport> models, Instant now) {
    StringBuilder html = new StringBuilder(16_384);
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta http-equiv=\"refresh\" content=\"")
        .append(REFRESH_SECONDS)
        .append("\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>ModelWatch: drift</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n");
    html.append("<h1>ModelWatch</h1><p class=\"meta\">Agent ")
        .append(Html.escape(version))
        .append(" &middot; ")
        .append(models.size())
        .append(" model(s) &middot; ")
        .append(now)
        .append(" &middot; reloads every ")
        .append(REFRESH_SECONDS)
        .append(" s &middot; ")
        .append(
            "<a href=\"metrics\">/metrics</a> &middot; <a href=\"api/models\">/api/models</a> (JSON)</p>\n");
    if (models.isEmpty()) {
      html.append("<p>No model is monitored: check the agent's log for the config it read.</p>");
    }
    for (ModelReport model : models) {
      model(html, model);
    }
    return html.append("</body></html>\n").toString();
  }

  private static void model(StringBuilder html, ModelReport model) {
    String name = Html.escape(model.name);
    html.append("<section class=\"model\" data-model=\"")
        .append(name)
        .append("\">\n<h2>Model ")
        .append(name)
        .append("</h2>\n");
    html.append(
            "<table class=\"calls\"><tr><th>calls</th><th>errors</th><th>error rate</th><th>in flight</th>")
        .append("<th>latency p50</th><th>p90</th><th>p99</th></tr><tr>")
        .append(cell("calls", Long.toString(model.calls)))
        .append(cell("errors", Long.toString(model.errors)))
        .append(cell("error-rate", ratio(model.errorRate())))
        .append(cell("in-flight", Long.toString(model.inFlight)))
        .append(cell("p50", seconds(model.p50)))
        .append(cell("p90", seconds(model.p90)))
        .append(cell("p99", seconds(model.p99)))
        .append("</tr></table>\n");
    html.append(
        "<p class=\"meta\">Calls since start; latency percentiles from the latency histogram.</p>\n");

    if (model.drift == null) {
      html.append(
          "<p class=\"meta\">No baseline for this model, so no drift is computed: each feature and output"
              + " shows its values since start per bucket. See README.md, Baselines and drift"
              + " (\"Making a baseline\").</p>\n");
    } else {
      ModelReport.DriftSummary d = model.drift;
      html.append("<p class=\"meta\">Drift window ")
          .append(duration(d.windowSeconds))
          .append(" in ")
          .append(d.slices)
          .append(" slices: <b data-window-samples=\"")
          .append(d.windowSamples)
          .append("\">")
          .append(d.windowSamples)
          .append("</b> values in the window (statistics from ")
          .append(d.minSamples)
          .append("). Thresholds:");
      for (Map.Entry<String, Double> t : d.thresholds.entrySet()) {
        html.append(' ').append(Html.escape(t.getKey())).append(' ').append(number(t.getValue()));
      }
      html.append(
          ". A column drifts when its test (ks for numeric, chi2 for categorical columns) has p below"
              + " pvalue and an effect size (psi, ks, js, cramers_v) reaches its threshold; it is a warning when the"
              + " test rejects and an effect size reaches only its _warning threshold; else ok.</p>\n");
      if (!d.withoutCount.isEmpty()) {
        html.append("<p class=\"meta\" data-without-count>The baseline has no count for ")
            .append(Html.escape(String.join(", ", d.withoutCount)))
            .append(
                ": their p-values treat the baseline as exact (one-sample tests), so they are too small"
                    + " when the baseline comes from few rows.</p>\n");
      }
    }
    html.append(
        "<p class=\"legend meta\">Charts: <span style=\"background:#b8c1cf\"></span>baseline share"
            + "<span style=\"background:#2e7d32\"></span>live share in the window, per bin, the bins' edges"
            + " (or categories) on the axis; without a baseline, the values since start per bin."
            + " Last hour: the drift statistic at each drift evaluation (one per slice, at most 60),"
            + " newest on the right, its drift threshold dashed, a dot where the verdict was warning or"
            + " drift.</p>\n");
    html.append(
            "<table class=\"columns\"><tr><th>feature / output</th><th>status</th><th>statistics</th>")
        .append("<th>p-values</th><th>in window</th><th>missing</th><th>out of range</th>")
        .append("<th>live vs baseline</th><th>last hour</th></tr>\n");
    for (ColumnReport column : model.columns) {
      column(html, name, column);
    }
    html.append("</table>\n");
    evaluation(html, model);
    html.append("</section>\n");
  }

  private static void column(StringBuilder html, String model, ColumnReport column) {
    String name = Html.escape(column.name);
    String status = column.status.text();
    html.append("<tr data-model=\"")
        .append(model)
        .append("\" data-")
        .append(column.output ? "output" : "feature")
        .append("=\"")
        .append(name)
        .append("\" data-status=\"")
        .append(status)
        .append("\"><td>")
        .append(name)
        .append(column.output ? " <small>(output)</small>" : "")
        .append(column.categorical ? " <small>categorical</small>" : "")
        .append("</td>");
    html.append("<td><span class=\"status ")
        .append(status)
        .append("\">")
        .append(status)
        .append("</span></td><td>");
    DriftVerdict verdict = column.verdict;
    for (Map.Entry<String, Double> s : column.statistics.entrySet()) {
      // an effect size is coloured by its thresholds only when the test rejects: else it is
      // sampling noise
      DriftVerdict.Status band = verdict.effects().get(s.getKey());
      String css = band == null || !verdict.significant() ? "" : " " + band.text();
      html.append("<span class=\"stat")
          .append(css)
          .append("\" data-statistic=\"")
          .append(Html.escape(s.getKey()))
          .append("\">")
          .append(Html.escape(s.getKey()))
          .append(' ')
          .append(number(s.getValue()))
          .append("</span>");
    }
    html.append("</td><td>");
    for (Map.Entry<String, Double> p : column.pvalues.entrySet()) {
      // red only for the test that decided a warning or drift; a significant p-value of a small
      // effect is
      // shown as such, not as an alarm
      boolean decisive = p.getKey().equals(verdict.test()) && verdict.significant();
      String css =
          !decisive
              ? ""
              : column.status == DriftVerdict.Status.OK ? " small-effect" : " significant";
      String title =
          css.equals(" small-effect")
              ? " title=\"significant, but no effect size reaches its warning threshold\""
              : "";
      html.append("<span class=\"stat pvalue")
          .append(css)
          .append("\"")
          .append(title)
          .append(" data-pvalue=\"")
          .append(Html.escape(p.getKey()))
          .append("\">")
          .append(Html.escape(p.getKey()))
          .append(" p=")
          .append(number(p.getValue()))
          .append("</span>");
    }
    html.append("</td>")
        .append("<td class=\"n\">")
        .append(
            column.status == DriftVerdict.Status.NO_BASELINE
                ? "-"
                : Long.toString(column.windowSamples))
        .append("</td><td class=\"n\">")
        .append(ratio(column.missingRate()))
        .append("</td><td class=\"n\">")
        .append(ratio(column.outOfRangeRate()))
        .append("</td><td>");
    if (!column.hasBaseline()) {
      html.append("<div class=\"no-baseline-note\">no baseline: values since start per bin</div>");
    }
    html.append(DistributionChart.svg(column))
        .append("</td><td>")
        .append(column.history == null ? "-" : Sparkline.svg(column.history))
        .append("</td></tr>\n");
  }

  /**
   * Evaluation metrics ({@code model_evaluation*} series of this model, from whichever component
   * records labelled outcomes). Shown only when such series exist.
   */
  private static void evaluation(StringBuilder html, ModelReport model) {
    if (model.evaluation.isEmpty()) {
      return;
    }
    html.append(
            "<h3>Evaluation</h3><div class=\"eval\"><table class=\"evaluation\"><tr><th>metric</th>")
        .append("<th>labels</th><th>value</th></tr>\n");
    for (EvaluationValue value : model.evaluation) {
      StringBuilder labels = new StringBuilder();
      for (Map.Entry<String, String> label : value.labels.entrySet()) {
        labels
            .append(labels.length() == 0 ? "" : ", ")
            .append(label.getKey())
            .append('=')
            .append(label.getValue());
      }
      html.append("<tr data-metric=\"")
          .append(Html.escape(value.metric))
          .append("\"><td>")
          .append(Html.escape(value.metric))
          .append("</td><td>")
          .append(Html.escape(labels.toString()))
          .append("</td><td class=\"n\">")
          .append(number(value.value))
          .append("</td></tr>\n");
    }
    html.append("</table></div>\n");
  }

  private static String cell(String key, String text) {
    return "<td class=\"n\" data-" + key + ">" + text + "</td>";
  }

  static String number(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    if (value != 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e5)) {
      return String.format(Locale.ROOT, "%.2e", value);
    }
    return String.format(Locale.ROOT, "%.3f", value);
  }

  static String ratio(double share) {
    return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.2f%%", share * 100);
  }

  static String seconds(double seconds) {
    if (Double.isNaN(seconds)) {
      return "-";
    }
    return seconds < 1
        ? String.format(Locale.ROOT, "%.2f ms", seconds * 1000)
        : String.format(Locale.ROOT, "%.2f s", seconds);
  }

  static String duration(long seconds) {
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    return seconds % 60 == 0 ? seconds / 60 + "m" : seconds + "s";
  }
}
