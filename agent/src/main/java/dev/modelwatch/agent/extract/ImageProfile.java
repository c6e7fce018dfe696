package dev.modelwatch.agent.extract;

import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import dev.modelwatch.extension.InputProfile;

/**
 * The profile of one image, in one pass over its samples and without allocating: width, height,
 * aspect (width over height), then per channel the mean and the population standard deviation of
 * its samples, as read (a {@code uint8} image gives 0 to 255, a normalised tensor what the model
 * receives). Channels beyond the configured {@code channels} are not read; configured channels the
 * image lacks are not written. A NaN sample makes its channel's mean and deviation missing.
 */
public final class ImageProfile {
  /** Reads sample {@code index} of a source; stateless, so one instance serves every call. */
  public interface Samples<T> {
    double at(T source, int index);
  }

  /** The layout of a {@link #layoutOf shape}: channels before the pixels, or after them. */
  public static final int CHANNELS_FIRST = 0;

  public static final int CHANNELS_LAST = 1;

  private ImageProfile() {}

  /**
   * Whether the image dimensions of {@code shape} (its last three) put channels first ({@code [C,
   * H, W]}) or last ({@code [H, W, C]}): as configured, or, for {@code auto}, first when that
   * dimension is 1, 3 or 4, else last when the last one is.
   *
   * @throws ExtractionException when the shape has fewer than three dimensions, or auto finds no
   *     channel dimension
   */
  public static int layoutOf(long[] shape, InputProfile.Layout layout, String subject)
      throws ExtractionException {
    if (shape.length < 3) {
      throw new ExtractionException(
          subject
              + " has an image profile, but its value has shape "
              + java.util.Arrays.toString(shape)
              + "; an image profile reads [N, C, H, W] or [N, H, W, C] tensors ([C, H, W] or [H, W,"
              + " C] for one image): point the feature at the image tensor, or remove profile");
    }
    if (layout == InputProfile.Layout.NCHW) {
      return CHANNELS_FIRST;
    }
    if (layout == InputProfile.Layout.NHWC) {
      return CHANNELS_LAST;
    }
    long first = shape[shape.length - 3];
    long last = shape[shape.length - 1];
    if (first == 1 || first == 3 || first == 4) {
      return CHANNELS_FIRST;
    }
    if (last == 1 || last == 3 || last == 4) {
      return CHANNELS_LAST;
    }
    throw new ExtractionException(
        subject
            + " has an image profile with layout auto, but neither dimension of shape "
            + java.util.Arrays.toString(shape)
            + " that could hold channels is 1, 3 or 4; set layout: nchw or layout: nhwc on the feature");
  }

  /**
   * Writes the profile of the image whose samples start at {@code offset} of {@code source}: {@code
   * channels x height x width} samples, channel-major when {@code layout} is {@link
   * #CHANNELS_FIRST}, pixel-major (interleaved) when it is {@link #CHANNELS_LAST}.
   *
   * @param first the feature of {@code width}; the group's other features follow it
   * @param recorded channels the group records ({@link InputProfile#channels()})
   */
  public static <T> void record(
      T source,
      Samples<T> samples,
      int offset,
      int channels,
      int height,
      int width,
      int layout,
      int first,
      int recorded,
      FeatureSink sink) {
    sink.numeric(first, width);
    sink.numeric(first + 1, height);
    sink.numeric(first + 2, height == 0 ? Double.NaN : (double) width / height);
    int pixels = height * width;
    int read = Math.min(channels, recorded);
    for (int c = 0; c < read; c++) {
      int start = layout == CHANNELS_FIRST ? offset + c * pixels : offset + c;
      int step = layout == CHANNELS_FIRST ? 1 : channels;
      double mean = 0;
      double m2 = 0;
      for (int p = 0; p < pixels; p++) {
        double x = samples.at(source, start + p * step);
        double delta = x - mean;
        mean += delta / (p + 1);
        m2 += delta * (x - mean);
      }
      int feature = first + InputProfile.IMAGE_STATISTICS.size() + 2 * c;
      sink.numeric(feature, pixels == 0 ? Double.NaN : mean);
      sink.numeric(feature + 1, pixels == 0 ? Double.NaN : Math.sqrt(Math.max(0, m2 / pixels)));
    }
  }
}
