package dev.modelwatch.agent.extract;

import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import dev.modelwatch.extension.FeatureSpec;
import dev.modelwatch.extension.InputProfile;
import java.util.List;

/**
 * The profiled features of a model ({@code profile: text} or {@code image}): which features start a
 * group, and how a value found for one becomes its statistics. Texts are any {@link CharSequence};
 * images are {@code java.awt.image.BufferedImage}s and DJL {@code Image}s (their wrapped {@code
 * BufferedImage}; width and height alone when they wrap something else). Shared by the extractors
 * of every library.
 */
public final class ProfiledValues {
  private static final ClassValue<Boolean> BUFFERED_IMAGE =
      new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals("java.awt.image.BufferedImage")) {
              return true;
            }
          }
          return false;
        }
      };

  private static final ClassValue<Boolean> DJL_IMAGE =
      new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
          return implementsNamed(type, "ai.djl.modality.cv.Image");
        }
      };

  private final String[] names;
  private final InputProfile[] profiles;
  private final TextVocabulary[] vocabularies;
  private final boolean[] wholeValue;
  private final PropertyPath wrapped;
  private final PropertyPath width;
  private final PropertyPath height;
  private final boolean any;
  private final boolean anyWholeValue;

  public ProfiledValues(List<? extends FeatureSpec> features) {
    int n = features.size();
    names = new String[n];
    profiles = new InputProfile[n];
    vocabularies = new TextVocabulary[n];
    wholeValue = new boolean[n];
    boolean found = false;
    boolean whole = false;
    for (int f = 0; f < n; f++) {
      FeatureSpec feature = features.get(f);
      InputProfile profile = feature.profile();
      names[f] = feature.name();
      profiles[f] = profile;
      if (profile != null) {
        found = true;
        vocabularies[f] = TextVocabulary.of(profile.vocabulary());
        wholeValue[f] = feature.index() == null && feature.key() == null && feature.path() == null;
        whole |= wholeValue[f];
      }
    }
    any = found;
    anyWholeValue = whole;
    wrapped = new PropertyPath("wrappedImage", "an image profile", "features[].profile");
    width = new PropertyPath("width", "an image profile", "features[].profile");
    height = new PropertyPath("height", "an image profile", "features[].profile");
  }

  /** Whether any feature is profiled. */
  public boolean any() {
    return any;
  }

  /** Whether a profiled feature reads the input itself (no index, key or path). */
  public boolean anyWholeValue() {
    return anyWholeValue;
  }

  /** Whether feature {@code f} is profiled. */
  public boolean profiled(int f) {
    return profiles[f] != null;
  }

  /** Whether feature {@code f} is profiled but not the first of its group (its first writes it). */
  public boolean follows(int f) {
    return profiles[f] != null && profiles[f].statistic() != 0;
  }

  /** Whether feature {@code f} starts a profile that reads the input itself. */
  public boolean wholeValue(int f) {
    return wholeValue[f];
  }

  /** Whether {@code value} is something a profile reads: a text or an image. */
  public static boolean isProfiled(Object value) {
    return value instanceof CharSequence
        || value != null
            && (BUFFERED_IMAGE.get(value.getClass()) || DJL_IMAGE.get(value.getClass()));
  }

  /**
   * Writes the group that feature {@code f} starts from {@code value}: its statistics, all missing
   * when the value is null, all unreadable when it is no text (no image) for a text (image)
   * profile.
   */
  public void write(int f, Object value, FeatureSink sink) {
    InputProfile profile = profiles[f];
    int group = profile.groupSize();
    if (value == null) {
      for (int s = 0; s < group; s++) {
        sink.missing(f + s);
      }
      return;
    }
    try {
      if (profile.kind() == InputProfile.Kind.TEXT) {
        if (value instanceof CharSequence) {
          TextProfile.record((CharSequence) value, f, group, vocabularies[f], sink);
          return;
        }
      } else if (BUFFERED_IMAGE.get(value.getClass())) {
        AwtImages.record(value, f, profile.channels(), sink);
        return;
      } else if (DJL_IMAGE.get(value.getClass())) {
        Object image = wrapped.read(value);
        if (image != null && BUFFERED_IMAGE.get(image.getClass())) {
          AwtImages.record(image, f, profile.channels(), sink);
        } else {
          double w = ((Number) width.read(value)).doubleValue();
          double h = ((Number) height.read(value)).doubleValue();
          sink.numeric(f, w);
          sink.numeric(f + 1, h);
          sink.numeric(f + 2, h == 0 ? Double.NaN : w / h);
        }
        return;
      }
      unreadable(f, wrongType(f, value), sink);
    } catch (ExtractionException e) {
      unreadable(f, e, sink);
    }
  }

  /** Every feature of the group feature {@code f} starts counts as missing, for {@code problem}. */
  public void unreadable(int f, ExtractionException problem, FeatureSink sink) {
    for (int s = 0, n = profiles[f].groupSize(); s < n; s++) {
      sink.unreadable(f + s, problem);
    }
  }

  /** The problem of a value that profile {@code f} cannot read. */
  public ExtractionException wrongType(int f, Object value) {
    InputProfile profile = profiles[f];
    boolean text = profile.kind() == InputProfile.Kind.TEXT;
    return new ExtractionException(
        "feature '"
            + profile.source()
            + "' has profile: "
            + (text ? "text" : "image")
            + ", but its value is a "
            + ExtractionException.describe(value)
            + (text
                ? ", not text (a String or other CharSequence)"
                : ", not a java.awt.image.BufferedImage or DJL Image")
            + "; point features[].index, key or path at the "
            + (text ? "text" : "image")
            + ", or remove profile");
  }

  /** The configured name of the profiled feature {@code f} starts, for messages. */
  public String source(int f) {
    return profiles[f] == null ? names[f] : profiles[f].source();
  }

  private static boolean implementsNamed(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      if (c.getName().equals(name)) {
        return true;
      }
      for (Class<?> i : c.getInterfaces()) {
        if (implementsNamed(i, name)) {
          return true;
        }
      }
    }
    return false;
  }
}
