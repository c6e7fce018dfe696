package dev.modelwatch.testapps.traffic;

import java.util.ArrayList;
import java.util.List;

/**
 * The body format of {@code POST /predict}: one row per line, comma-separated fields in feature
 * order; an empty field is a missing value, {@code NaN} is allowed. A field that is neither makes
 * the whole request malformed (400): the server cannot hand it to a model.
 */
public final class WireFormat {

  private WireFormat() {}

  /** Splits a body into rows of fields and checks that every field is empty or a float. */
  public static List<String[]> parse(String body) throws MalformedRequestException {
    List<String[]> rows = new ArrayList<>();
    int lineNo = 0;
    for (String line : body.split("\n", -1)) {
      lineNo++;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty()) {
        continue; // a trailing newline or blank line is not a row
      }
      String[] fields = line.split(",", -1);
      for (int i = 0; i < fields.length; i++) {
        String f = fields[i].trim();
        fields[i] = f;
        if (!f.isEmpty()) {
          try {
            Float.parseFloat(f);
          } catch (NumberFormatException e) {
            throw new MalformedRequestException(
                "line "
                    + lineNo
                    + " field "
                    + (i + 1)
                    + ": '"
                    + f
                    + "' is not a number; send a number, NaN, or an empty field for a missing value");
          }
        }
      }
      rows.add(fields);
    }
    if (rows.isEmpty()) {
      throw new MalformedRequestException("empty body; send one comma-separated row per line");
    }
    return rows;
  }

  /** Fields as floats; an empty field becomes NaN. */
  public static float[] toFloats(String[] fields) {
    float[] values = new float[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = fields[i].isEmpty() ? Float.NaN : Float.parseFloat(fields[i]);
    }
    return values;
  }

  /**
   * Rows as a rectangular matrix for tensor APIs. Rows of different widths cannot form a tensor, so
   * such a request is malformed; rows that are all short form a tensor of the wrong width, which
   * the model itself rejects.
   */
  public static float[][] toMatrix(List<String[]> rows) throws MalformedRequestException {
    int width = rows.get(0).length;
    float[][] matrix = new float[rows.size()][];
    for (int r = 0; r < rows.size(); r++) {
      String[] fields = rows.get(r);
      if (fields.length != width) {
        throw new MalformedRequestException(
            "row "
                + (r + 1)
                + " has "
                + fields.length
                + " fields but row 1 has "
                + width
                + "; all rows of a batch must have the same number of fields");
      }
      matrix[r] = toFloats(fields);
    }
    return matrix;
  }

  /** A classification output line. */
  public static String classification(String label, double confidence) {
    return label + "," + confidence;
  }
}
