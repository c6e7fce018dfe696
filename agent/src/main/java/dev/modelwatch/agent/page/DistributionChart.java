package dev.modelwatch.agent.page;

import dev.modelwatch.agent.drift.DriftVerdict;
import java.util.List;
import java.util.Locale;

/**
 * A small inline SVG of one column's bins: per bin, a grey bar for the baseline's share and a
 * coloured bar for the live window's share, on the same scale. Each bin has a {@code <title>} with
 * its range and both shares, shown on hover and readable in the DOM.
 */
final class DistributionChart {
  static final int WIDTH = 260;
  static final int HEIGHT = 64;

  private DistributionChart() {}

  static String svg(List<Bin> bins, DriftVerdict.Status status) {
    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"chart\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"live window share versus baseline share per bin\">");
    double max = 0;
    for (Bin bin : bins) {
      max = Math.max(max, bin.baseline);
      if (!Double.isNaN(bin.live)) {
        max = Math.max(max, bin.live);
      }
    }
    if (bins.isEmpty() || max <= 0) {
      return svg.append("</svg>").toString();
    }
    double slot = (double) WIDTH / bins.size();
    double bar = Math.max(1, slot * 0.42);
    int plot = HEIGHT - 2;
    svg.append("<line x1=\"0\" y1=\"")
        .append(HEIGHT - 1)
        .append("\" x2=\"")
        .append(WIDTH)
        .append("\" y2=\"")
        .append(HEIGHT - 1)
        .append("\" class=\"axis\"/>");
    for (int i = 0; i < bins.size(); i++) {
      Bin bin = bins.get(i);
      double x = i * slot + slot * 0.06;
      double baseline = plot * bin.baseline / max;
      double live = Double.isNaN(bin.live) ? 0 : plot * bin.live / max;
      svg.append("<g data-bin=\"")
          .append(Html.escape(bin.label))
          .append("\"><title>")
          .append(Html.escape(bin.label))
          .append(": baseline ")
          .append(percent(bin.baseline))
          .append(", live ")
          .append(Double.isNaN(bin.live) ? "-" : percent(bin.live))
          .append("</title>");
      rect(svg, "baseline", x, HEIGHT - 1 - baseline, bar, baseline);
      rect(svg, "live " + status.text(), x + bar, HEIGHT - 1 - live, bar, live);
      svg.append("</g>");
    }
    return svg.append("</svg>").toString();
  }

  private static void rect(StringBuilder svg, String css, double x, double y, double w, double h) {
    svg.append("<rect class=\"")
        .append(css)
        .append("\" x=\"")
        .append(f(x))
        .append("\" y=\"")
        .append(f(y))
        .append("\" width=\"")
        .append(f(w))
        .append("\" height=\"")
        .append(f(h))
        .append("\"/>");
  }

  private static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }
}
