package dev.modelwatch.extension;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a feature derived from a profiled input stands for: one statistic of the text or image
 * profile of input value {@link #source()} ({@code profile: text} or {@code profile: image} on a
 * feature). A profiled feature {@code review} becomes the numeric features {@code review.length},
 * {@code review.word_count}, ..., listed one after the other in {@link ModelSpec#features()}, each
 * with the source's locator (argument, input, index, key, path) and a profile naming its statistic;
 * an extractor reads the value once and writes the whole group.
 */
public final class InputProfile {
  /** What a profile describes. */
  public enum Kind {
    TEXT,
    IMAGE
  }

  /** Where the channel dimension of an image tensor is. */
  public enum Layout {
    /** From the shape: a channel dimension of 1, 3 or 4 after the batch dimension, else last. */
    AUTO,
    NCHW,
    NHWC
  }

  /**
   * The text statistics, in the order of their features; {@code oov_share} only with a vocabulary.
   */
  public static final List<String> TEXT_STATISTICS =
      List.of(
          "length",
          "word_count",
          "mean_word_length",
          "digit_share",
          "letter_share",
          "whitespace_share",
          "other_share",
          "non_ascii_share",
          "oov_share");

  /** Index of {@code oov_share} in {@link #TEXT_STATISTICS}. */
  public static final int OOV_SHARE = 8;

  /**
   * The first image statistics; then {@code channel<c>.mean} and {@code channel<c>.std} per
   * channel.
   */
  public static final List<String> IMAGE_STATISTICS = List.of("width", "height", "aspect");

  private final Kind kind;
  private final String source;
  private final int statistic;
  private final Layout layout;
  private final int channels;
  private final int vocabularySize;
  private final List<String> vocabulary;

  private InputProfile(
      Kind kind,
      String source,
      int statistic,
      Layout layout,
      int channels,
      int vocabularySize,
      List<String> vocabulary) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.source = Objects.requireNonNull(source, "source");
    this.statistic = statistic;
    this.layout = layout;
    this.channels = channels;
    this.vocabularySize = vocabularySize;
    this.vocabulary = List.copyOf(vocabulary);
  }

  /**
   * The profiles of the features a text profile of {@code source} adds, in feature order.
   *
   * @param vocabularySize words kept in the baseline's vocabulary, 0 for no {@code oov_share}
   */
  public static List<InputProfile> text(String source, int vocabularySize) {
    List<InputProfile> profiles = new ArrayList<>();
    int statistics = vocabularySize > 0 ? TEXT_STATISTICS.size() : OOV_SHARE;
    for (int s = 0; s < statistics; s++) {
      profiles.add(new InputProfile(Kind.TEXT, source, s, null, 0, vocabularySize, List.of()));
    }
    return profiles;
  }

  /** The profiles of the features an image profile of {@code source} adds, in feature order. */
  public static List<InputProfile> image(String source, Layout layout, int channels) {
    List<InputProfile> profiles = new ArrayList<>();
    int statistics = IMAGE_STATISTICS.size() + 2 * channels;
    for (int s = 0; s < statistics; s++) {
      profiles.add(
          new InputProfile(
              Kind.IMAGE, source, s, Objects.requireNonNull(layout), channels, 0, List.of()));
    }
    return profiles;
  }

  /** This profile with the baseline's vocabulary (most frequent training words, lower case). */
  public InputProfile withVocabulary(List<String> words) {
    return new InputProfile(kind, source, statistic, layout, channels, vocabularySize, words);
  }

  public Kind kind() {
    return kind;
  }

  /** The configured feature's name: the input value profiled. */
  public String source() {
    return source;
  }

  /** The statistic's position in the group: 0 for the first feature of a profile. */
  public int statistic() {
    return statistic;
  }

  /** The statistic's name, the part of the feature's name after {@code <source>.}. */
  public String statisticName() {
    if (kind == Kind.TEXT) {
      return TEXT_STATISTICS.get(statistic);
    }
    if (statistic < IMAGE_STATISTICS.size()) {
      return IMAGE_STATISTICS.get(statistic);
    }
    int channelStatistic = statistic - IMAGE_STATISTICS.size();
    return "channel" + channelStatistic / 2 + (channelStatistic % 2 == 0 ? ".mean" : ".std");
  }

  /** The feature's name: {@code <source>.<statistic>}. */
  public String featureName() {
    return source + "." + statisticName();
  }

  /** Features in this profile's group: its extractor writes them all from one read. */
  public int groupSize() {
    return kind == Kind.TEXT
        ? (vocabularySize > 0 ? TEXT_STATISTICS.size() : OOV_SHARE)
        : IMAGE_STATISTICS.size() + 2 * channels;
  }

  /** The layout of image tensors; null for text. */
  public Layout layout() {
    return layout;
  }

  /** Channels recorded for an image (features {@code channel0} to {@code channel<n-1>}). */
  public int channels() {
    return channels;
  }

  /** Words in the baseline's vocabulary for {@code oov_share}, 0 when not recorded. */
  public int vocabularySize() {
    return vocabularySize;
  }

  /** The baseline's vocabulary, empty until the agent reads it from the baseline file. */
  public List<String> vocabulary() {
    return vocabulary;
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " profile " + featureName();
  }
}
