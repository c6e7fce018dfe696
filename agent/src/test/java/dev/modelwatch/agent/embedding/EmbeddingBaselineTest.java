package dev.modelwatch.agent.embedding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.modelwatch.agent.baseline.BaselineCommand;
import dev.modelwatch.config.baseline.BaselineFile;
import dev.modelwatch.config.baseline.BaselineProfile;
import dev.modelwatch.config.baseline.CategoricalDistribution;
import dev.modelwatch.config.baseline.EmbeddingCentroids;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * k-means of an embedding's baseline, and the baseline command's file: three well separated groups
 * of vectors are found exactly, the same data gives the same centroids, and the file reads back
 * with the norms, shares, centroids and mean computed here.
 */
class EmbeddingBaselineTest {

  /** 3 groups of {@code sizes[g]} vectors in 4 dimensions, around far apart centres. */
  private static float[][] groups(int[] sizes, long seed) {
    double[][] centres = {{10, 0, 0, 0}, {0, 10, 0, 0}, {0, 0, 10, 5}};
    Random random = new Random(seed);
    int n = sizes[0] + sizes[1] + sizes[2];
    float[][] vectors = new float[n][];
    int v = 0;
    for (int g = 0; g < 3; g++) {
      for (int i = 0; i < sizes[g]; i++) {
        float[] x = new float[4];
        for (int d = 0; d < 4; d++) {
          x[d] = (float) (centres[g][d] + random.nextGaussian() * 0.5);
        }
        vectors[v++] = x;
      }
    }
    return vectors;
  }

  @Test
  void wellSeparatedGroupsAreFoundExactlyAndTheFitIsRepeatable() {
    float[][] vectors = groups(new int[] {50, 30, 20}, 7);
    KMeans first = KMeans.fit(vectors, 3);
    KMeans again = KMeans.fit(vectors, 3);
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(first.centroids()[c], again.centroids()[c]);
    }
    long[] counts = first.counts().clone();
    java.util.Arrays.sort(counts);
    assertArrayEquals(new long[] {20, 30, 50}, counts);
    // each centroid is the mean of its group
    for (double[] centroid : first.centroids()) {
      double[] nearestCentre = {0, 0, 0, 0};
      int size = 0;
      for (float[] v : vectors) {
        double dv = 0;
        for (int d = 0; d < 4; d++) {
          dv += (v[d] - centroid[d]) * (v[d] - centroid[d]);
        }
        if (dv < 25) {
          for (int d = 0; d < 4; d++) {
            nearestCentre[d] += v[d];
          }
          size++;
        }
      }
      for (int d = 0; d < 4; d++) {
        assertEquals(nearestCentre[d] / size, centroid[d], 1e-9);
      }
    }
  }

  @Test
  void theBaselineCommandWritesNormsClusterSharesCentroidsAndTheMean(@TempDir Path dir)
      throws Exception {
    float[][] vectors = groups(new int[] {50, 30, 20}, 11);
    StringBuilder csv = new StringBuilder("id,e\n");
    double[] mean = new double[4];
    for (int v = 0; v < vectors.length; v++) {
      csv.append(v).append(",\"[");
      for (int d = 0; d < 4; d++) {
        csv.append(d == 0 ? "" : ", ").append(vectors[v][d]);
        mean[d] += vectors[v][d] / (double) vectors.length;
      }
      csv.append("]\"\n");
    }
    Path data = dir.resolve("train.csv");
    Files.writeString(data, csv);
    Path config = dir.resolve("modelwatch.yaml");
    Files.writeString(
        config,
        "models:\n"
            + "  - name: m\n"
            + "    intercept: {class: com.acme.Search, method: embed}\n"
            + "    outputs: [{name: e, kind: embedding, clusters: 3}]\n");
    Path out = dir.resolve("baseline.yaml");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(text, true, StandardCharsets.UTF_8);
    int exit =
        BaselineCommand.run(
            new String[] {
              "--data",
              data.toString(),
              "--config",
              config.toString(),
              "--model",
              "m",
              "--out",
              out.toString()
            },
            print,
            print);
    assertEquals(0, exit, text.toString(StandardCharsets.UTF_8));
    BaselineProfile profile = BaselineFile.read(out);
    assertEquals(100, profile.numericOutputs().get("e.norm").count());
    CategoricalDistribution clusters = profile.categoricalOutputs().get("e.cluster");
    assertEquals(java.util.List.of("0", "1", "2", "__other__"), clusters.categories());
    double[] shares = clusters.shareArray();
    double[] sorted = {shares[0], shares[1], shares[2]};
    java.util.Arrays.sort(sorted);
    assertArrayEquals(new double[] {0.2, 0.3, 0.5}, sorted, 1e-12);
    EmbeddingCentroids embedding = clusters.embedding();
    assertEquals(4, embedding.dimension());
    assertArrayEquals(mean, embedding.mean(), 1e-9);
    KMeans expected = KMeans.fit(vectors, 3);
    for (int c = 0; c < 3; c++) {
      assertArrayEquals(expected.centroids()[c], embedding.centroid(c), 1e-12);
    }
    assertTrue(
        profile.numericOutputs().get("e.norm").min() > 5, profile.numericOutputs().toString());
  }
}
