package dev.modelwatch.testapps.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WineDataTest {

  private static final int N = 20_000;

  @Test
  void numericFeaturesFollowTheirDeclaredNormalDistributions() {
    WineData data = new WineData(11);
    double[][] columns = new double[WineData.NUMERIC_FEATURES][N];
    for (int r = 0; r < N; r++) {
      float[] row = data.nextRow();
      for (int i = 0; i < WineData.NUMERIC_FEATURES; i++) {
        columns[i][r] = row[i];
      }
    }
    KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
    for (int i = 0; i < WineData.NUMERIC_FEATURES; i++) {
      double mu = WineData.mean(i);
      double sigma = WineData.sigma(i);
      double mean = 0;
      for (double v : columns[i]) {
        mean += v;
      }
      mean /= N;
      double var = 0;
      for (double v : columns[i]) {
        var += (v - mean) * (v - mean);
      }
      double sd = Math.sqrt(var / (N - 1));
      String name = WineData.FEATURE_NAMES.get(i);
      // 5 standard errors: a false alarm is practically impossible, a wrong parameter is caught
      assertEquals(mu, mean, 5 * sigma / Math.sqrt(N), name + " mean");
      assertEquals(sigma, sd, 5 * sigma / Math.sqrt(2.0 * N), name + " sd");
      double p = ks.kolmogorovSmirnovTest(new NormalDistribution(mu, sigma), columns[i]);
      assertTrue(p > 1e-4, name + " KS p-value " + p);
    }
  }

  @Test
  void realisticAlcoholAndWhiteShare() {
    assertEquals(10.4, WineData.mean(WineData.ALCOHOL_INDEX));
    assertEquals(1.1, WineData.sigma(WineData.ALCOHOL_INDEX));
    assertEquals("alcohol", WineData.FEATURE_NAMES.get(WineData.ALCOHOL_INDEX));
    assertEquals("pH", WineData.FEATURE_NAMES.get(WineData.PH_INDEX));
    assertEquals("color", WineData.FEATURE_NAMES.get(WineData.COLOR_INDEX));
    WineData data = new WineData(12);
    int white = 0;
    for (int r = 0; r < N; r++) {
      float c = data.nextRow()[WineData.COLOR_INDEX];
      assertTrue(c == 0f || c == 1f);
      white += (int) c;
    }
    double se = Math.sqrt(0.75 * 0.25 / N);
    assertEquals(0.75, white / (double) N, 5 * se);
  }

  @Test
  void qualityIsTheDeclaredLinearRelationPlusNoise() {
    float[] row = {7.4f, 0.7f, 0f, 1.9f, 0.076f, 11f, 34f, 0.9978f, 3.51f, 0.56f, 9.4f, 0f};
    // hand-computed: 1.33 - 0.05*7.4 - 2.5*0.7 + 0.5*0 + 0.02*1.9 - 4*0.076 + 0.005*11
    //   - 0.002*34 + 0*0.9978 + 0.3*3.51 + 1.0*0.56 + 0.40*9.4 + 0.1*0
    double expected =
        1.33 - 0.37 - 1.75 + 0 + 0.038 - 0.304 + 0.055 - 0.068 + 0 + 1.053 + 0.56 + 3.76 + 0;
    assertEquals(expected, WineData.score(row), 1e-5);

    WineData data = new WineData(13);
    double sumResidual = 0;
    double sumSquares = 0;
    double sumQuality = 0;
    for (int r = 0; r < N; r++) {
      float[] x = data.nextRow();
      double q = data.quality(x);
      double residual = q - WineData.score(x);
      sumResidual += residual;
      sumSquares += residual * residual;
      sumQuality += q;
    }
    assertEquals(0, sumResidual / N, 5 * 0.25 / Math.sqrt(N));
    assertEquals(0.25, Math.sqrt(sumSquares / N), 0.01);
    // E[quality] = 1.33 + sum(w_i * mu_i) + 0.1 * 0.75 = 5.9 (hand sum: 4.495 + 0.075 + 1.33)
    assertEquals(5.9, sumQuality / N, 0.02);
    assertEquals(5.9, WineData.QUALITY_MEAN);
  }

  @Test
  void classesAreThresholdsOnQuality() {
    assertEquals("low", WineData.qualityClass(5.49));
    assertEquals("medium", WineData.qualityClass(5.5));
    assertEquals("medium", WineData.qualityClass(6.49));
    assertEquals("high", WineData.qualityClass(6.5));
  }

  @Test
  void driftedConceptReversesAlcoholAndKeepsTheMean() {
    float[] row = new WineData(5).nextRow();
    float[] more = row.clone();
    more[WineData.ALCOHOL_INDEX] += 1f;
    assertEquals(0.40, WineData.score(more) - WineData.score(row), 1e-5);
    assertEquals(-0.40, WineData.driftedScore(more) - WineData.driftedScore(row), 1e-5);
    float[] meanRow = new float[WineData.COLUMNS];
    for (int i = 0; i < WineData.NUMERIC_FEATURES; i++) {
      meanRow[i] = (float) WineData.mean(i);
    }
    meanRow[WineData.COLOR_INDEX] = 1f;
    assertEquals(WineData.score(meanRow), WineData.driftedScore(meanRow), 1e-5);
  }

  @Test
  void sameSeedSameRows() {
    WineData a = new WineData(99);
    WineData b = new WineData(99);
    for (int i = 0; i < 100; i++) {
      assertArrayEquals(a.nextRow(), b.nextRow());
    }
  }

  @Test
  void writesATrainingCsvWithHeader(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("sub/train.csv");
    WineData.Sample sample = new WineData(3).sample(50);
    WineData.writeCsv(sample, csv);
    List<String> lines = Files.readAllLines(csv);
    assertEquals(51, lines.size());
    assertEquals(
        "fixed_acidity,volatile_acidity,citric_acid,residual_sugar,chlorides,free_sulfur_dioxide,"
            + "total_sulfur_dioxide,density,pH,sulphates,alcohol,color,quality,quality_class",
        lines.get(0));
    String[] first = lines.get(1).split(",");
    assertEquals(14, first.length);
    for (int i = 0; i < 12; i++) {
      assertEquals(sample.row(0)[i], Float.parseFloat(first[i]), 0f);
    }
    assertEquals(sample.quality(0), Double.parseDouble(first[12]), 0.0);
    assertEquals(WineData.qualityClass(sample.quality(0)), first[13]);
  }
}
