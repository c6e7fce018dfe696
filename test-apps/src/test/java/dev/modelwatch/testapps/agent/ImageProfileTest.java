package dev.modelwatch.testapps.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.modelwatch.testapps.image.ImageModelServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code profile: image}: every image a model is sent becomes its width, height, aspect and the
 * mean and standard deviation of each channel, whatever form it reaches the model in: a plain
 * method's {@code BufferedImage}, a DJL {@code Image}, ONNX Runtime tensors of shape {@code [N, 3,
 * H, W]} and {@code [N, H, W, 3]} (layout auto). The real agent jar on {@link ImageModelServer};
 * each image's profile is recomputed here, two passes over its pixels, and summed into the
 * histograms' expected counts and sums.
 */
class ImageProfileTest {
  static final String VISION = ImageModelServer.Vision.class.getName();
  static final String CONFIG =
      String.join(
          "\n",
          "models:",
          "  - name: plain",
          "    intercept: {class: " + VISION + ", method: classify}",
          "    features: [{name: image, profile: image}]",
          "  - name: djl",
          "    intercept: {library: djl, model_name: photos}",
          "    features: [{name: image, profile: image}]",
          "  - name: nchw",
          "    intercept: {library: onnxruntime, model_path: '*/nchw.onnx'}",
          "    features: [{name: pixels, profile: image, input: pixels}]",
          "  - name: nhwc",
          "    intercept: {library: onnxruntime, model_path: '*/nhwc.onnx'}",
          "    features: [{name: pixels, profile: image, input: pixels}]",
          "");

  static final String[] STATISTICS = {
    "width",
    "height",
    "aspect",
    "channel0.mean",
    "channel0.std",
    "channel1.mean",
    "channel1.std",
    "channel2.mean",
    "channel2.std"
  };

  /** Sides chosen so that no image dimension is 1, 3 or 4: auto finds the channels. */
  static final int[] SIDES = {5, 6, 7, 9, 12, 16};

  static AgentedServer app;
  @TempDir static Path dir;

  @BeforeAll
  static void start() throws Exception {
    app =
        AgentedServer.start(
            ImageModelServer.class.getName(), CONFIG, List.of("--model-dir", dir.toString()));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  void aBufferedImageArgumentIsProfiled() throws Exception {
    assertPngs("/plain", "plain", 1);
  }

  @Test
  void aDjlImageIsProfiledFromTheImageItWraps() throws Exception {
    assertPngs("/djl", "djl", 2);
  }

  @Test
  void anNchwTensorIsOneRowPerImage() throws Exception {
    assertTensors("/nchw", "nchw", true, 3);
  }

  @Test
  void anNhwcTensorIsOneRowPerImage() throws Exception {
    assertTensors("/nhwc", "nhwc", false, 4);
  }

  private static void assertPngs(String path, String model, long seed) throws Exception {
    Expected expected = new Expected();
    Random random = new Random(seed);
    int calls = 25;
    for (int call = 0; call < calls; call++) {
      BufferedImage image =
          new BufferedImage(
              SIDES[random.nextInt(SIDES.length)],
              SIDES[random.nextInt(SIDES.length)],
              BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < image.getHeight(); y++) {
        for (int x = 0; x < image.getWidth(); x++) {
          // a colour per pixel; red kept low, blue high, so the channels differ
          image.setRGB(
              x, y, random.nextInt(64) << 16 | random.nextInt(256) << 8 | 192 + random.nextInt(64));
        }
      }
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      ImageIO.write(image, "png", png);
      send(path, png.toByteArray());
      // what the server decodes, read back here through getRGB
      BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png.toByteArray()));
      int w = decoded.getWidth();
      int h = decoded.getHeight();
      double[][] channels = new double[3][w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int rgb = decoded.getRGB(x, y);
          channels[0][y * w + x] = (rgb >> 16) & 0xff;
          channels[1][y * w + x] = (rgb >> 8) & 0xff;
          channels[2][y * w + x] = rgb & 0xff;
        }
      }
      expected.add(w, h, channels);
    }
    expected.assertScraped(app.scrape(), model, "image", calls);
  }

  private static void assertTensors(String path, String model, boolean channelsFirst, long seed)
      throws Exception {
    Expected expected = new Expected();
    Random random = new Random(seed);
    int calls = 12;
    for (int call = 0; call < calls; call++) {
      long pixelSeed = random.nextLong();
      int n = 1 + random.nextInt(3);
      int h = SIDES[random.nextInt(SIDES.length)];
      int w = SIDES[random.nextInt(SIDES.length)];
      send(path, (pixelSeed + " " + n + " " + h + " " + w).getBytes());
      float[] values = ImageModelServer.pixels(pixelSeed, n * 3 * h * w);
      for (int i = 0; i < n; i++) {
        double[][] channels = new double[3][h * w];
        for (int c = 0; c < 3; c++) {
          for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
              int index =
                  channelsFirst ? ((i * 3 + c) * h + y) * w + x : ((i * h + y) * w + x) * 3 + c;
              channels[c][y * w + x] = values[index];
            }
          }
        }
        expected.add(w, h, channels);
      }
    }
    expected.assertScraped(app.scrape(), model, "pixels", calls);
  }

  private static void send(String path, byte[] body) throws Exception {
    HttpResponse<String> response = Http.post(app.appPort(), path, body);
    assertEquals(200, response.statusCode(), response.body());
  }

  /** The counts and sums each derived feature's histogram must show. */
  static final class Expected {
    final double[] sums = new double[STATISTICS.length];
    int rows;

    /** One image: its size and each channel's samples; mean and deviation in two passes. */
    void add(int width, int height, double[][] channels) {
      double[] profile = new double[STATISTICS.length];
      profile[0] = width;
      profile[1] = height;
      profile[2] = (double) width / height;
      for (int c = 0; c < 3; c++) {
        double sum = 0;
        for (double v : channels[c]) {
          sum += v;
        }
        double mean = sum / channels[c].length;
        double squares = 0;
        for (double v : channels[c]) {
          squares += (v - mean) * (v - mean);
        }
        profile[3 + 2 * c] = mean;
        profile[4 + 2 * c] = Math.sqrt(squares / channels[c].length);
      }
      for (int s = 0; s < sums.length; s++) {
        sums[s] += profile[s];
      }
      rows++;
    }

    void assertScraped(Scrape scrape, String model, String feature, int calls) {
      assertEquals(calls, scrape.value("model_predictions_total", "model", model), model);
      for (int s = 0; s < STATISTICS.length; s++) {
        String name = feature + "." + STATISTICS[s];
        assertEquals(
            rows,
            scrape.value("model_feature_value_count", "model", model, "feature", name),
            model + " " + name);
        assertEquals(
            sums[s],
            scrape.value("model_feature_value_sum", "model", model, "feature", name),
            1e-9 * Math.max(1, Math.abs(sums[s])),
            model + " " + name);
        assertEquals(
            0,
            scrape.value("model_feature_missing_total", "model", model, "feature", name),
            model + " " + name);
      }
      assertEquals(
          0, scrape.value("modelwatch_agent_errors_total", "stage", "extract"), "extract errors");
    }
  }
}
