package dev.modelwatch.agent.extract;

import dev.modelwatch.extension.FeatureSink;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * The image profile of a {@link BufferedImage}: its raster's samples per band (RGB, then alpha when
 * it has one; one band for grey), as stored, read in place. Loaded only when a value is a {@code
 * BufferedImage}, so a JVM without {@code java.desktop} never resolves it.
 */
final class AwtImages {
  private static final ImageProfile.Samples<Raster> SAMPLES =
      (raster, index) -> {
        int width = raster.getWidth();
        int pixels = width * raster.getHeight();
        int band = index / pixels;
        int pixel = index - band * pixels;
        return raster.getSample(
            raster.getMinX() + pixel % width, raster.getMinY() + pixel / width, band);
      };

  private AwtImages() {}

  static void record(Object image, int first, int channels, FeatureSink sink) {
    Raster raster = ((BufferedImage) image).getRaster();
    ImageProfile.record(
        raster,
        SAMPLES,
        0,
        raster.getNumBands(),
        raster.getHeight(),
        raster.getWidth(),
        ImageProfile.CHANNELS_FIRST,
        first,
        channels,
        sink);
  }
}
