package dev.modelwatch.agent.page;

import dev.modelwatch.agent.drift.DriftVerdict;
import dev.modelwatch.agent.drift.StatisticHistory;
import java.util.List;
import java.util.Locale;

/**
 * A small inline SVG of one column's drift statistic over its recent evaluations: one point per
 * evaluation, the newest at the right edge, the statistic's drift threshold as a dashed line, and a
 * dot on each point whose verdict was {@code warning} or {@code drift}. A gap stands for
 * evaluations with too few values. The values and times are also in {@code data-values} and {@code
 * data-times} (space-separated, {@code -} for a gap) for scripts and tests.
 */
final class Sparkline {
  static final int WIDTH = 124;
  static final int HEIGHT = 30;

  private Sparkline() {}

  static String svg(ColumnHistory history) {
    List<StatisticHistory.Point> points = history.points;
    double max = Double.isNaN(history.threshold) ? 0 : history.threshold;
    double last = Double.NaN;
    double highest = Double.NaN;
    StringBuilder values = new StringBuilder();
    StringBuilder times = new StringBuilder();
    for (StatisticHistory.Point point : points) {
      double v = point.value();
      values.append(values.length() == 0 ? "" : " ").append(Double.isNaN(v) ? "-" : v);
      times.append(times.length() == 0 ? "" : " ").append(point.epochMillis());
      if (!Double.isNaN(v)) {
        max = Math.max(max, v);
        highest = Double.isNaN(highest) ? v : Math.max(highest, v);
      }
      last = v;
    }
    max = max <= 0 ? 1 : max * 1.1;
    String statistic = history.statistic == null ? "" : history.statistic;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"spark\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"")
        .append(Html.escape(statistic))
        .append(" over the last evaluations\" data-statistic=\"")
        .append(Html.escape(statistic))
        .append("\" data-threshold=\"")
        .append(Double.isNaN(history.threshold) ? "-" : Double.toString(history.threshold))
        .append("\" data-values=\"")
        .append(values)
        .append("\" data-times=\"")
        .append(times)
        .append("\"><title>")
        .append(title(history, last, highest))
        .append("</title>");
    if (!Double.isNaN(history.threshold)) {
      double y = y(history.threshold, max);
      svg.append("<line class=\"threshold\" x1=\"0\" y1=\"")
          .append(f(y))
          .append("\" x2=\"")
          .append(WIDTH)
          .append("\" y2=\"")
          .append(f(y))
          .append("\"/>");
    }
    StringBuilder path = new StringBuilder();
    StringBuilder dots = new StringBuilder();
    boolean drawing = false;
    for (int i = 0; i < points.size(); i++) {
      StatisticHistory.Point point = points.get(i);
      if (Double.isNaN(point.value())) {
        drawing = false;
        continue;
      }
      double x = x(i, points.size(), history.capacity);
      double y = y(point.value(), max);
      path.append(path.length() == 0 ? "" : " ")
          .append(drawing ? 'L' : 'M')
          .append(f(x))
          .append(' ')
          .append(f(y));
      if (!drawing) {
        // a lone point still shows: a zero-length segment with round caps
        path.append(" L").append(f(x)).append(' ').append(f(y));
      }
      drawing = true;
      if (point.status() == DriftVerdict.Status.DRIFT
          || point.status() == DriftVerdict.Status.WARNING) {
        dots.append("<circle class=\"")
            .append(point.status().text())
            .append("\" cx=\"")
            .append(f(x))
            .append("\" cy=\"")
            .append(f(y))
            .append("\" r=\"1.8\"/>");
      }
    }
    if (path.length() > 0) {
      svg.append("<path class=\"line\" d=\"").append(path).append("\"/>");
    }
    return svg.append(dots).append("</svg>").toString();
  }

  /**
   * The x of point {@code i} of {@code size}: the ring's places spread over the width, the newest
   * point at the right edge, so a filling history grows from the right.
   */
  static double x(int i, int size, int capacity) {
    int slots = Math.max(2, capacity);
    double step = (WIDTH - 4.0) / (slots - 1);
    return 2 + (slots - size + i) * step;
  }

  /** The y of a value on a scale from 0 (bottom) to {@code max} (top). */
  static double y(double value, double max) {
    return HEIGHT - 2 - (HEIGHT - 4) * Math.min(value, max) / max;
  }

  private static String title(ColumnHistory history, double last, double highest) {
    List<StatisticHistory.Point> points = history.points;
    if (history.statistic == null) {
      return "no effect size is computed for this column";
    }
    StringBuilder title = new StringBuilder(Html.escape(history.statistic));
    if (points.isEmpty()) {
      return title.append(": no evaluation yet (one per drift slice)").toString();
    }
    long span = points.get(points.size() - 1).epochMillis() - points.get(0).epochMillis();
    title
        .append(" at the last ")
        .append(points.size())
        .append(points.size() == 1 ? " evaluation" : " evaluations")
        .append(points.size() > 1 ? " (" + duration(span) + ")" : "")
        .append(": last ")
        .append(DriftPage.number(last))
        .append(", highest ")
        .append(DriftPage.number(highest))
        .append(", threshold ")
        .append(DriftPage.number(history.threshold));
    return title.toString();
  }

  static String duration(long millis) {
    long seconds = Math.round(millis / 1000.0);
    if (seconds < 120) {
      return seconds + " s";
    }
    return seconds < 7200
        ? Math.round(seconds / 60.0) + " min"
        : Math.round(seconds / 3600.0) + " h";
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
