package dev.modelwatch.config.baseline;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes a profile as block-style YAML a person can read and diff: one column per block, bin edges
 * and shares on one line each. Numbers use {@link Double#toString}, which reads back to the same
 * double; names are quoted whenever YAML could read them as anything but text.
 */
final class BaselineYamlWriter {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");
  private static final Pattern YAML_WORD =
      Pattern.compile("y|n|yes|no|on|off|true|false|null", Pattern.CASE_INSENSITIVE);

  private BaselineYamlWriter() {}

  static String toYaml(BaselineProfile profile) {
    StringBuilder out = new StringBuilder();
    out.append("format: ").append(BaselineProfile.FORMAT_V1).append('\n');
    out.append("model: ").append(text(profile.model())).append('\n');
    if (profile.createdAt() != null) {
      // quoted, or SnakeYAML would read a timestamp into java.util.Date
      out.append("created_at: \"").append(profile.createdAt()).append("\"\n");
    }
    if (profile.source() != null) {
      out.append("source: ").append(text(profile.source())).append('\n');
    }
    out.append("rows: ").append(profile.rows()).append('\n');
    section(out, "features", profile.numericFeatures(), profile.categoricalFeatures());
    section(out, "outputs", profile.numericOutputs(), profile.categoricalOutputs());
    if (!profile.vocabularies().isEmpty()) {
      out.append("vocabularies:\n");
      profile
          .vocabularies()
          .forEach(
              (name, words) -> {
                out.append("  ").append(text(name)).append(": [");
                for (int i = 0; i < words.size(); i++) {
                  out.append(i == 0 ? "" : ", ").append(quoted(words.get(i)));
                }
                out.append("]\n");
              });
    }
    return out.toString();
  }

  private static void section(
      StringBuilder out,
      String name,
      Map<String, NumericDistribution> numeric,
      Map<String, CategoricalDistribution> categorical) {
    if (numeric.isEmpty() && categorical.isEmpty()) {
      out.append(name).append(": {}\n");
      return;
    }
    out.append(name).append(":\n");
    numeric.forEach(
        (column, d) -> {
          out.append("  ").append(text(column)).append(":\n");
          out.append("    type: numeric\n");
          out.append("    count: ").append(d.count()).append('\n');
          out.append("    missing_share: ").append(d.missingShare()).append('\n');
          out.append("    min: ").append(d.min()).append('\n');
          out.append("    max: ").append(d.max()).append('\n');
          out.append("    mean: ").append(d.mean()).append('\n');
          out.append("    stddev: ").append(d.stddev()).append('\n');
          out.append("    edges: ").append(list(d.edges())).append('\n');
          out.append("    shares: ").append(list(d.shares())).append('\n');
        });
    categorical.forEach(
        (column, d) -> {
          out.append("  ").append(text(column)).append(":\n");
          out.append("    type: categorical\n");
          out.append("    count: ").append(d.count()).append('\n');
          out.append("    missing_share: ").append(d.missingShare()).append('\n');
          out.append("    categories:\n");
          d.shares()
              .forEach(
                  (category, share) ->
                      out.append("      ")
                          .append(text(category))
                          .append(": ")
                          .append(share)
                          .append('\n'));
          EmbeddingCentroids embedding = d.embedding();
          if (embedding != null) {
            out.append("    embedding:\n");
            out.append("      mean: ").append(list(embedding.mean())).append('\n');
            out.append("      centroids:\n");
            for (int c = 0; c < embedding.clusters(); c++) {
              out.append("        - ").append(list(embedding.centroid(c))).append('\n');
            }
          }
        });
  }

  private static String list(double[] values) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(values[i]);
    }
    return s.append(']').toString();
  }

  /** Plain when unambiguous, otherwise a double-quoted YAML string. */
  static String text(String value) {
    if (PLAIN.matcher(value).matches() && !YAML_WORD.matcher(value).matches()) {
      return value;
    }
    return quoted(value);
  }

  /** A double-quoted YAML string, as in a flow sequence. */
  static String quoted(String value) {
    StringBuilder s = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          s.append("\\\"");
          break;
        case '\\':
          s.append("\\\\");
          break;
        case '\n':
          s.append("\\n");
          break;
        case '\t':
          s.append("\\t");
          break;
        case '\r':
          s.append("\\r");
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            s.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
          } else {
            s.append(c);
          }
      }
    }
    return s.append('"').toString();
  }
}
