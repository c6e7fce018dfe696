package dev.modelwatch.agent.baseline;

import dev.modelwatch.agent.extract.TextProfile;
import dev.modelwatch.agent.extract.TextVocabulary;
import dev.modelwatch.extension.FeatureSink;
import dev.modelwatch.extension.InputProfile;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text-profile statistics of a baseline, computed from columns of text with {@link
 * TextProfile}, the agent's own code, so that training and live values are measured alike. A
 * profile with {@code vocabulary: N} needs the data read twice: the first pass counts the words of
 * each text column and keeps the N most frequent (ties in alphabetical order), the second measures
 * each text's {@code oov_share} against them. A text is missing only when absent (JSON null or no
 * key); an empty CSV field is an empty text.
 */
final class TextColumns {
  private final List<ColumnSpec> columns;

  /** Per text column: the statistics of its last text, computed once for all its columns. */
  private final Map<String, Text> bySource = new LinkedHashMap<>();

  private boolean countingWords;

  TextColumns(List<ColumnSpec> columns) {
    this.columns = columns;
    for (ColumnSpec column : columns) {
      if (column.computedFromText()) {
        bySource.computeIfAbsent(column.profile().source(), s -> new Text(column.profile()));
      }
    }
  }

  boolean needsVocabulary() {
    for (Text text : bySource.values()) {
      if (text.vocabularySize > 0) {
        return true;
      }
    }
    return false;
  }

  /** During the first pass, values go to {@link #count} instead of the accumulators. */
  void countWords(boolean counting) {
    if (!counting && countingWords) {
      bySource.values().forEach(Text::keepVocabulary);
    }
    countingWords = counting;
  }

  boolean countingWords() {
    return countingWords;
  }

  /** Counts the words of the text in {@code column} (once per text: at its profile's first). */
  void count(int column, String raw) {
    ColumnSpec spec = columns.get(column);
    if (raw == null || !spec.computedFromText() || spec.profile().statistic() != 0) {
      return;
    }
    Text text = bySource.get(spec.profile().source());
    if (text.vocabularySize > 0) {
      TextProfile.words(raw, word -> text.counts.merge(word, 1L, Long::sum));
    }
  }

  /** The value of statistic column {@code column} for the text {@code raw}; NaN when missing. */
  double statistic(int column, String raw) {
    InputProfile profile = columns.get(column).profile();
    if (raw == null) {
      return Double.NaN;
    }
    return bySource.get(profile.source()).of(raw)[profile.statistic()];
  }

  /** The vocabulary of each text column that keeps one, most frequent word first. */
  Map<String, List<String>> vocabularies() {
    Map<String, List<String>> vocabularies = new LinkedHashMap<>();
    bySource.forEach(
        (source, text) -> {
          if (text.words != null) {
            vocabularies.put(source, text.words);
          }
        });
    return vocabularies;
  }

  private static final class Text implements FeatureSink {
    final int vocabularySize;
    final int statistics;
    final double[] values = new double[InputProfile.TEXT_STATISTICS.size()];
    Map<String, Long> counts = new HashMap<>();
    List<String> words;
    TextVocabulary vocabulary;
    String last;

    Text(InputProfile profile) {
      this.vocabularySize = profile.vocabularySize();
      this.statistics = profile.groupSize();
    }

    void keepVocabulary() {
      List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
      entries.sort(
          Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
              .thenComparing(Map.Entry.comparingByKey()));
      words = new ArrayList<>();
      for (int i = 0; i < Math.min(vocabularySize, entries.size()); i++) {
        words.add(entries.get(i).getKey());
      }
      counts = null;
      vocabulary = TextVocabulary.of(words);
    }

    /** The statistics of {@code raw}; the same text object is measured once for all columns. */
    double[] of(String raw) {
      if (raw != last) {
        java.util.Arrays.fill(values, Double.NaN);
        TextProfile.record(raw, 0, statistics, vocabulary, this);
        last = raw;
      }
      return values;
    }

    @Override
    public void numeric(int feature, double value) {
      values[feature] = value;
    }

    @Override
    public void category(int feature, String value) {}

    @Override
    public void categoryCode(int feature, double code) {}

    @Override
    public void missing(int feature) {}

    @Override
    public void endRow() {}
  }
}
