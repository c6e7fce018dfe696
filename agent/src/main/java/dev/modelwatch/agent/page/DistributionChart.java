package dev.modelwatch.agent.page;

import dev.modelwatch.agent.drift.DriftVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small inline SVG of one column's bins. With a baseline: per bin, a grey bar for the baseline's
 * share and a coloured bar for the live window's share, on the same scale. Without one: per bin, a
 * bar for the values counted since start. Under the bars, the axis says what the bins are: a
 * numeric column's edges where its bins meet, a categorical column's category names, thinned so
 * that no two labels overlap (the first and last always shown). Each bin is a {@code <g data-bin>}
 * with a {@code <title>} of its range and values, shown on hover and readable in the DOM.
 */
final class DistributionChart {
  static final int WIDTH = 260;
  static final int PLOT_HEIGHT = 56;
  static final int HEIGHT = PLOT_HEIGHT + 14;

  /**
   * Width of one character of the axis labels: they are set in a monospace font of {@link
   * #FONT_SIZE} px, whose glyphs are 0.6 em wide.
   */
  static final double CHAR_WIDTH = 0.6 * DistributionChart.FONT_SIZE;

  static final int FONT_SIZE = 9;

  /** Space between two labels, and at the chart's sides. */
  static final double GAP = 4;

  /** A category name longer than this is cut, with an ellipsis, on the axis. */
  static final int MAX_CATEGORY_CHARS = 10;

  private DistributionChart() {}

  static String svg(ColumnReport column) {
    return svg(column.bins, column.edges, column.hasBaseline(), column.status);
  }

  static String svg(List<Bin> bins, DriftVerdict.Status status) {
    return svg(bins, null, true, status);
  }

  /**
   * @param edges numeric edges (one fewer than the bins), or null for categorical bins (labelled by
   *     their names)
   * @param withBaseline false to draw the live counts alone
   */
  static String svg(
      List<Bin> bins, double[] edges, boolean withBaseline, DriftVerdict.Status status) {
    StringBuilder svg = new StringBuilder();
    svg.append("<svg class=\"chart\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT)
        .append("\" role=\"img\" aria-label=\"")
        .append(
            withBaseline
                ? "live window share versus baseline share per bin"
                : "values since start per bin, no baseline")
        .append("\">");
    if (bins.isEmpty()) {
      return svg.append("</svg>").toString();
    }
    Axis axis = axis(bins, edges);
    double slot = axis.slot;
    double max = 0;
    for (Bin bin : bins) {
      if (withBaseline) {
        max = Math.max(max, bin.baseline);
      }
      if (!Double.isNaN(bin.live)) {
        max = Math.max(max, bin.live);
      }
    }
    double bar = withBaseline ? Math.max(1, slot * 0.42) : Math.max(1, slot * 0.84);
    int plot = PLOT_HEIGHT - 2;
    svg.append("<line x1=\"0\" y1=\"")
        .append(PLOT_HEIGHT - 1)
        .append("\" x2=\"")
        .append(WIDTH)
        .append("\" y2=\"")
        .append(PLOT_HEIGHT - 1)
        .append("\" class=\"axis\"/>");
    for (int i = 0; i < bins.size(); i++) {
      Bin bin = bins.get(i);
      double x = axis.left + i * slot + slot * 0.08;
      double live = max <= 0 || Double.isNaN(bin.live) ? 0 : plot * bin.live / max;
      svg.append("<g data-bin=\"").append(Html.escape(bin.label)).append("\"");
      if (bin.count >= 0) {
        svg.append(" data-count=\"").append(bin.count).append('"');
      }
      svg.append("><title>").append(Html.escape(bin.label)).append(": ");
      if (withBaseline) {
        svg.append("baseline ")
            .append(percent(bin.baseline))
            .append(", live ")
            .append(Double.isNaN(bin.live) ? "-" : percent(bin.live))
            .append("</title>");
        double baseline = max <= 0 ? 0 : plot * bin.baseline / max;
        rect(svg, "baseline", x, PLOT_HEIGHT - 1 - baseline, bar, baseline);
        rect(svg, "live " + status.text(), x + bar, PLOT_HEIGHT - 1 - live, bar, live);
      } else {
        svg.append(bin.count)
            .append(bin.count == 1 ? " value" : " values")
            .append(Double.isNaN(bin.live) ? "" : " (" + percent(bin.live) + ")")
            .append(" since start</title>");
        rect(svg, "live " + status.text(), x, PLOT_HEIGHT - 1 - live, bar, live);
      }
      svg.append("</g>");
    }
    for (Label label : axis.labels) {
      svg.append("<line class=\"tick\" x1=\"")
          .append(f(label.x))
          .append("\" y1=\"")
          .append(PLOT_HEIGHT - 1)
          .append("\" x2=\"")
          .append(f(label.x))
          .append("\" y2=\"")
          .append(PLOT_HEIGHT + 2)
          .append("\"/><text class=\"")
          .append(label.edge ? "edge" : "category")
          .append("\" x=\"")
          .append(f(label.x))
          .append("\" y=\"")
          .append(HEIGHT - 2)
          .append("\" text-anchor=\"middle\" ")
          .append(label.edge ? "data-edge=\"" : "data-category=\"")
          .append(Html.escape(label.value))
          .append("\">")
          .append(Html.escape(label.text))
          .append("</text>");
    }
    return svg.append("</svg>").toString();
  }

  /** One label on the axis, centred at {@code x}. */
  static final class Label {
    final double x;
    final String text;

    /** The exact edge ({@link Double#toString}) or the whole category name. */
    final String value;

    final boolean edge;

    Label(double x, String text, String value, boolean edge) {
      this.x = x;
      this.text = text;
      this.value = value;
      this.edge = edge;
    }

    double width() {
      return text.length() * CHAR_WIDTH;
    }
  }

  /** Where the bins go and which labels fit under them. */
  static final class Axis {
    final double left;
    final double slot;
    final List<Label> labels;

    Axis(double left, double slot, List<Label> labels) {
      this.left = left;
      this.slot = slot;
      this.labels = labels;
    }
  }

  /**
   * The bins' layout and labels. Numeric edges sit where two bins meet, category names under their
   * bin. Labels are the first, the last, and every k-th between, k the smallest step at which the
   * widest label fits between two neighbours; the sides leave room for half the first and last
   * label, so every label lies inside the chart.
   */
  static Axis axis(List<Bin> bins, double[] edges) {
    int n = bins.size();
    List<String> texts = new ArrayList<>();
    List<String> values = new ArrayList<>();
    boolean numeric = edges != null;
    if (numeric) {
      if (edges.length + 1 != n) {
        edges = new double[0]; // edges that do not match the bins are left out
      }
      for (double edge : edges) {
        texts.add(axisNumber(edge));
        values.add(Double.toString(edge));
      }
    } else {
      for (Bin bin : bins) {
        texts.add(shortName(bin.label));
        values.add(bin.label);
      }
    }
    if (texts.isEmpty()) {
      return new Axis(GAP, (WIDTH - 2 * GAP) / n, List.of());
    }
    double firstHalf = texts.get(0).length() * CHAR_WIDTH / 2;
    double lastHalf = texts.get(texts.size() - 1).length() * CHAR_WIDTH / 2;
    // numeric labels sit one slot in from each side; categorical ones half a slot: solve for the
    // margin that keeps the outer labels inside, at least GAP
    double inset = numeric ? 1 : 0.5;
    double side = Math.max(firstHalf, lastHalf) + GAP;
    double slot = (WIDTH - 2 * GAP) / n;
    double left = GAP;
    double shrink = 1 - 2 * inset / n; // 0 when the only label sits in the middle
    if (left + inset * slot < side && shrink > 0) {
      // the margin m with m + inset * (WIDTH - 2m) / n = side
      left = Math.max(GAP, (side - inset * WIDTH / n) / shrink);
      slot = (WIDTH - 2 * left) / n;
    }
    double widest = 0;
    for (String text : texts) {
      widest = Math.max(widest, text.length() * CHAR_WIDTH);
    }
    int step = Math.max(1, (int) Math.ceil((widest + GAP) / slot - 1e-9));
    int last = texts.size() - 1;
    List<Integer> shown = new ArrayList<>();
    for (int i = 0; i <= last; i += step) {
      shown.add(i);
    }
    if (shown.get(shown.size() - 1) != last) {
      if (last - shown.get(shown.size() - 1) < step && shown.size() > 1) {
        shown.remove(shown.size() - 1); // too close to the last: the last wins
      }
      if (last >= step) {
        shown.add(last);
      }
    }
    List<Label> labels = new ArrayList<>(shown.size());
    for (int i : shown) {
      double x = left + (numeric ? i + 1 : i + 0.5) * slot;
      labels.add(new Label(x, texts.get(i), values.get(i), numeric));
    }
    return new Axis(left, slot, labels);
  }

  /** An edge in at most four significant digits, without trailing zeros. */
  static String axisNumber(double value) {
    if (value == 0) {
      return "0";
    }
    double abs = Math.abs(value);
    if (abs >= 1e5 || abs < 1e-3) {
      String text = String.format(Locale.ROOT, "%.3e", value);
      int e = text.indexOf('e');
      String mantissa = text.substring(0, e).replaceAll("\\.?0+$", "");
      int exponent = Integer.parseInt(text.substring(e + 1));
      return mantissa + "e" + exponent;
    }
    return new java.math.BigDecimal(value)
        .round(new java.math.MathContext(4))
        .stripTrailingZeros()
        .toPlainString();
  }

  static String shortName(String name) {
    return name.length() <= MAX_CATEGORY_CHARS
        ? name
        : name.substring(0, MAX_CATEGORY_CHARS - 1) + "\u2026";
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

  static String f(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f%%", share * 100);
  }
}
