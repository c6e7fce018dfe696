package dev.modelwatch.testapps.data;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic "wine" data set whose distributions are known exactly, so tests can compare what a
 * monitor observes with the truth.
 *
 * <p>A row is a {@code float[12]}: the 11 numeric features in {@link #FEATURE_NAMES} order, each
 * drawn independently from Normal({@link #MEANS}[i], {@link #SIGMAS}[i]), then {@code color} (0 =
 * red, 1 = white, P(white) = {@link #P_WHITE}).
 *
 * <p>Labels: {@code quality = INTERCEPT + sum(WEIGHTS[i] * row[i]) + Normal(0, NOISE_SIGMA)} (the
 * sum runs over all 12 columns, color included), and {@code quality_class} is {@code low} below
 * {@link #LOW_BELOW}, {@code high} at or above {@link #HIGH_FROM}, {@code medium} otherwise,
 * applied to the noisy quality.
 */
public final class WineData {

  /** Column names in row order: 11 numeric features, then the categorical {@code color}. */
  public static final List<String> FEATURE_NAMES =
      Collections.unmodifiableList(
          Arrays.asList(
              "fixed_acidity",
              "volatile_acidity",
              "citric_acid",
              "residual_sugar",
              "chlorides",
              "free_sulfur_dioxide",
              "total_sulfur_dioxide",
              "density",
              "pH",
              "sulphates",
              "alcohol",
              "color"));

  public static final int NUMERIC_FEATURES = 11;
  public static final int COLUMNS = 12;
  public static final int COLOR_INDEX = 11;
  public static final int ALCOHOL_INDEX = 10;
  public static final int PH_INDEX = 8;

  /** Means of the 11 numeric features, in {@link #FEATURE_NAMES} order. */
  private static final double[] MEANS_ = {
    7.0, 0.30, 0.33, 5.0, 0.050, 30.0, 120.0, 0.9950, 3.20, 0.50, 10.4
  };

  /** Standard deviations of the 11 numeric features. */
  private static final double[] SIGMAS_ = {
    0.8, 0.10, 0.12, 2.0, 0.015, 10.0, 35.0, 0.0025, 0.15, 0.11, 1.1
  };

  /** Probability that a row is white wine ({@code color = 1}). */
  public static final double P_WHITE = 0.75;

  /** Weights of the quality score per raw unit, for all 12 columns (color last). */
  private static final double[] WEIGHTS_ = {
    -0.05, -2.5, 0.5, 0.02, -4.0, 0.005, -0.002, 0.0, 0.3, 1.0, 0.40, 0.1
  };

  /** Chosen so that the mean quality is 5.9. */
  public static final double INTERCEPT = 1.33;

  public static final double NOISE_SIGMA = 0.25;

  /** Mean of the noisy quality: INTERCEPT + sum(WEIGHTS[i] * E[row[i]]). */
  public static final double QUALITY_MEAN = 5.9;

  public static final double LOW_BELOW = 5.5;
  public static final double HIGH_FROM = 6.5;
  public static final List<String> CLASSES =
      Collections.unmodifiableList(Arrays.asList("low", "medium", "high"));

  /**
   * Concept drift: the relation that labels follow after the concept changed. Alcohol's effect is
   * reversed (the intercept moves so the mean quality stays 5.9).
   */
  public static final double DRIFTED_ALCOHOL_WEIGHT = -0.40;

  private final SplittableRandom random;

  public WineData(long seed) {
    this.random = new SplittableRandom(seed);
  }

  public WineData(SplittableRandom random) {
    this.random = random;
  }

  public static double mean(int feature) {
    return MEANS_[feature];
  }

  public static double sigma(int feature) {
    return SIGMAS_[feature];
  }

  public static double weight(int column) {
    return WEIGHTS_[column];
  }

  public static double[] means() {
    return MEANS_.clone();
  }

  public static double[] sigmas() {
    return SIGMAS_.clone();
  }

  public static double[] weights() {
    return WEIGHTS_.clone();
  }

  /** Index of a column by name, or an exception naming the valid names. */
  public static int indexOf(String name) {
    int i = FEATURE_NAMES.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException(
          "unknown wine feature '"
              + name
              + "'; known features: "
              + String.join(",", FEATURE_NAMES));
    }
    return i;
  }

  /** One row from the training distribution. */
  public float[] nextRow() {
    float[] row = new float[COLUMNS];
    for (int i = 0; i < NUMERIC_FEATURES; i++) {
      row[i] = (float) (MEANS_[i] + SIGMAS_[i] * nextGaussian());
    }
    row[COLOR_INDEX] = random.nextDouble() < P_WHITE ? 1f : 0f;
    return row;
  }

  /** The noiseless quality score of a row (the known linear relation). */
  public static double score(float[] row) {
    double s = INTERCEPT;
    for (int i = 0; i < COLUMNS; i++) {
      s += WEIGHTS_[i] * row[i];
    }
    return s;
  }

  /** The noiseless score under the drifted concept (see {@link #DRIFTED_ALCOHOL_WEIGHT}). */
  public static double driftedScore(float[] row) {
    double shift = (WEIGHTS_[ALCOHOL_INDEX] - DRIFTED_ALCOHOL_WEIGHT) * MEANS_[ALCOHOL_INDEX];
    return score(row)
        + shift
        + (DRIFTED_ALCOHOL_WEIGHT - WEIGHTS_[ALCOHOL_INDEX]) * row[ALCOHOL_INDEX];
  }

  /** The regression label: score plus Normal(0, NOISE_SIGMA) noise. */
  public double quality(float[] row) {
    return score(row) + NOISE_SIGMA * nextGaussian();
  }

  /** The regression label under the drifted concept. */
  public double driftedQuality(float[] row) {
    return driftedScore(row) + NOISE_SIGMA * nextGaussian();
  }

  public static String qualityClass(double quality) {
    if (quality < LOW_BELOW) {
      return "low";
    }
    return quality >= HIGH_FROM ? "high" : "medium";
  }

  /** A labelled sample: rows and their noisy qualities, drawn from this generator. */
  public Sample sample(int n) {
    float[][] rows = new float[n][];
    double[] quality = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i] = nextRow();
      quality[i] = quality(rows[i]);
    }
    return new Sample(rows, quality);
  }

  /** Standard normal by Box-Muller, so the stream depends only on the SplittableRandom. */
  public double nextGaussian() {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
  }

  public SplittableRandom random() {
    return random;
  }

  /**
   * Writes a training CSV: header {@code <12 feature names>,quality,quality_class}, then one
   * labelled row per line.
   */
  public static void writeCsv(Sample sample, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(String.join(",", FEATURE_NAMES));
      w.write(",quality,quality_class\n");
      for (int i = 0; i < sample.size(); i++) {
        w.write(formatRow(sample.rows[i]));
        w.write(',');
        w.write(Double.toString(sample.quality[i]));
        w.write(',');
        w.write(qualityClass(sample.quality[i]));
        w.write('\n');
      }
    }
  }

  /** A row in the wire format: comma-separated, color written as 0 or 1. */
  public static String formatRow(float[] row) {
    StringBuilder sb = new StringBuilder(128);
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        sb.append(',');
      }
      if (i == COLOR_INDEX) {
        sb.append((int) row[i]);
      } else {
        sb.append(row[i]);
      }
    }
    return sb.toString();
  }

  /** Rows and their noisy quality labels. */
  public static final class Sample {
    private final float[][] rows;
    private final double[] quality;

    public Sample(float[][] rows, double[] quality) {
      if (rows.length != quality.length) {
        throw new IllegalArgumentException(
            "rows and labels differ in length: " + rows.length + " vs " + quality.length);
      }
      this.rows = rows;
      this.quality = quality;
    }

    public int size() {
      return rows.length;
    }

    public float[] row(int i) {
      return rows[i];
    }

    public double quality(int i) {
      return quality[i];
    }

    public String qualityClass(int i) {
      return WineData.qualityClass(quality[i]);
    }
  }

  /** Writes a training CSV: {@code WineData --out FILE [--rows N] [--seed S]}. */
  public static void main(String[] args) throws IOException {
    Path out = null;
    int rows = 5000;
    long seed = 42;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out":
          out = Path.of(args[++i]);
          break;
        case "--rows":
          rows = Integer.parseInt(args[++i]);
          break;
        case "--seed":
          seed = Long.parseLong(args[++i]);
          break;
        default:
          throw new IllegalArgumentException(
              "unknown argument '"
                  + args[i]
                  + "'; usage: WineData --out FILE [--rows N] [--seed S]");
      }
    }
    if (out == null) {
      throw new IllegalArgumentException(
          "missing --out FILE; usage: WineData --out FILE [--rows N] [--seed S]");
    }
    writeCsv(new WineData(seed).sample(rows), out);
    System.out.println("wrote " + rows + " rows to " + out);
  }
}
