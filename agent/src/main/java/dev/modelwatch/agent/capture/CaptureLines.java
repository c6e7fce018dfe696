package dev.modelwatch.agent.capture;

import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.OutputConfig;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;

/**
 * Writes a captured call as JSON lines, one flat object per row, so that the {@code baseline}
 * command reads capture files like training data:
 *
 * <pre>
 * {"@timestamp":"2025-05-01T12:00:00.123Z","@model":"wine","@prediction_id":"r-17","alcohol":9.4,"color":"red","quality":5.25}
 * </pre>
 *
 * {@code @prediction_id} only when the model has a {@code prediction_id}; {@code @row} (from 0)
 * only when the call had more than one row. Every feature and output has its key on every line:
 * numeric ones as JSON numbers, categorical features and predicted classes as strings, missing
 * values as null; an infinite value as the string {@code "Infinity"} or {@code "-Infinity"} (JSON
 * has no such number). A redacted feature's value is its {@link Redaction} hash, as a string.
 */
final class CaptureLines {
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private CaptureLines() {}

  /**
   * @param redacted names of the features to hash; {@code redaction} is null when it is empty
   */
  static byte[] of(CapturedCall call, Set<String> redacted, Redaction redaction) {
    ModelConfig model = call.model;
    List<FeatureConfig> features = model.features();
    List<OutputConfig> outputs = model.outputs();
    int width = features.size() + outputs.size();
    StringBuilder text = new StringBuilder(64 + call.rows * width * 16);
    String timestamp = TIMESTAMP.format(java.time.Instant.ofEpochMilli(call.epochMillis));
    for (int r = 0; r < call.rows; r++) {
      text.append("{\"@timestamp\":\"").append(timestamp).append("\",\"@model\":");
      string(text, model.name());
      if (call.predictionId != null) {
        text.append(",\"@prediction_id\":");
        string(text, call.predictionId);
      }
      if (call.rows > 1) {
        text.append(",\"@row\":").append(r);
      }
      for (int f = 0; f < features.size(); f++) {
        FeatureConfig feature = features.get(f);
        int slot = r * width + f;
        text.append(',');
        string(text, feature.name());
        text.append(':');
        boolean categorical = feature.kind() == FeatureConfig.Kind.CATEGORICAL;
        if (redaction != null && redacted.contains(feature.name())) {
          String value = categorical ? call.texts[slot] : numberText(call.numbers[slot]);
          if (value == null) {
            text.append("null");
          } else {
            string(text, redaction.hash(value));
          }
        } else if (categorical) {
          nullableString(text, call.texts[slot]);
        } else {
          number(text, call.numbers[slot]);
        }
      }
      for (int o = 0; o < outputs.size(); o++) {
        OutputConfig output = outputs.get(o);
        int slot = r * width + features.size() + o;
        text.append(',');
        string(text, output.name());
        text.append(':');
        if (output.kind() == OutputConfig.Kind.CLASSIFICATION) {
          nullableString(text, call.texts[slot]);
        } else {
          number(text, call.numbers[slot]);
        }
      }
      text.append("}\n");
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The text a number is written as and hashed from; null when missing. */
  private static String numberText(double value) {
    return value != value ? null : Double.toString(value);
  }

  private static void number(StringBuilder text, double value) {
    if (value != value) {
      text.append("null");
    } else if (Double.isInfinite(value)) {
      text.append(value > 0 ? "\"Infinity\"" : "\"-Infinity\"");
    } else {
      text.append(Double.toString(value));
    }
  }

  private static void nullableString(StringBuilder text, String value) {
    if (value == null) {
      text.append("null");
    } else {
      string(text, value);
    }
  }

  /** A JSON string: quotes, backslashes and control characters escaped. */
  static void string(StringBuilder text, String value) {
    text.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          text.append("\\\"");
          break;
        case '\\':
          text.append("\\\\");
          break;
        case '\n':
          text.append("\\n");
          break;
        case '\r':
          text.append("\\r");
          break;
        case '\t':
          text.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            text.append(String.format("\\u%04x", (int) c));
          } else {
            text.append(c);
          }
      }
    }
    text.append('"');
  }
}
