package dev.modelwatch.agent.baseline;

import dev.modelwatch.agent.capture.CaptureFileNames;
import dev.modelwatch.agent.json.FlatJson;
import dev.modelwatch.config.EmbeddingConfig;
import dev.modelwatch.config.baseline.BaselineProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Builds a {@link BaselineProfile} from training rows: CSV with a header row (delimiter given or
 * detected among {@code , ; tab |}) or JSON lines (one flat object per line), including a directory
 * of the agent's capture files.
 *
 * <p>One pass over the data. Numeric values are kept in memory and sorted at the end so that bin
 * edges and shares are exact (8 bytes per numeric value: a few million rows fit a default heap);
 * categorical columns keep one counter per distinct value. See {@link NumericAccumulator} for the
 * quantile definition and {@link MissingValues} for what counts as missing.
 */
public final class BaselineBuilder {

  /** At most this many bad values are listed in an error; the rest are counted. */
  private static final int MAX_LISTED_PROBLEMS = 20;

  private final List<ColumnSpec> columns;
  private final int bins;
  private final int topK;
  private final TextColumns texts;
  private Clock clock = Clock.systemUTC();
  private long progressEvery;
  private LongConsumer progress = rows -> {};

  /**
   * @param columns the columns to describe; names must be unique
   * @param bins number of quantile bins per numeric column (at least 2); ties can merge bins
   * @param topK number of categories kept by name per categorical column (at least 1)
   */
  public BaselineBuilder(List<ColumnSpec> columns, int bins, int topK) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("no columns to describe; name at least one feature");
    }
    Set<String> names = new LinkedHashSet<>();
    for (ColumnSpec column : columns) {
      if (!names.add(column.name())) {
        throw new IllegalArgumentException("column '" + column.name() + "' is named twice");
      }
    }
    if (bins < 2) {
      throw new IllegalArgumentException("bins must be at least 2, got " + bins);
    }
    if (topK < 1) {
      throw new IllegalArgumentException("top-k must be at least 1, got " + topK);
    }
    this.columns = Collections.unmodifiableList(new ArrayList<>(columns));
    this.bins = bins;
    this.topK = topK;
    this.texts = new TextColumns(this.columns);
  }

  /**
   * Calls {@code listener} with the number of rows read every {@code everyRows} rows and at the
   * end.
   */
  public BaselineBuilder onProgress(long everyRows, LongConsumer listener) {
    if (everyRows < 1) {
      throw new IllegalArgumentException("progress interval must be at least 1 row");
    }
    this.progressEvery = everyRows;
    this.progress = listener;
    return this;
  }

  /** The clock that stamps {@code created_at}. */
  public BaselineBuilder clock(Clock clock) {
    this.clock = clock;
    return this;
  }

  /**
   * Reads a file: JSON lines when its name ends in {@code .jsonl}, {@code .ndjson} or {@code
   * .json}, CSV otherwise. The file name becomes the profile's source.
   *
   * @param delimiter the CSV delimiter, or null to detect it
   */
  public Result read(Path data, Character delimiter, String model)
      throws IOException, BaselineDataException {
    if (Files.isDirectory(data)) {
      return readCaptureFiles(data, model);
    }
    String name = data.getFileName().toString();
    if (texts.needsVocabulary()) {
      // a first pass counts the words; the second measures each text against the vocabulary
      texts.countWords(true);
      try (BufferedReader reader = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
        if (isJsonLines(data)) {
          readJsonLines(reader, model, name);
        } else {
          readCsv(reader, delimiter, model, name);
        }
      } finally {
        texts.countWords(false);
      }
    }
    try (BufferedReader reader = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
      return isJsonLines(data)
          ? readJsonLines(reader, model, name)
          : readCsv(reader, delimiter, model, name);
    }
  }

  /** Whether {@link #read} treats the file as JSON lines. */
  public static boolean isJsonLines(Path data) {
    String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json");
  }

  /** Reads CSV with a header row; {@code delimiter} null means detect it from the header. */
  public Result readCsv(Reader input, Character delimiter, String model, String source)
      throws IOException, BaselineDataException {
    BufferedReader reader =
        input instanceof BufferedReader ? (BufferedReader) input : new BufferedReader(input);
    String headerLine = reader.readLine();
    if (headerLine == null || headerLine.trim().isEmpty()) {
      throw new BaselineDataException(
          source + " is empty",
          Collections.emptyList(),
          "the first line must be a header naming the columns");
    }
    if (headerLine.startsWith("\uFEFF")) {
      headerLine = headerLine.substring(1);
    }
    char separator = delimiter != null ? delimiter : CsvRecordReader.detectDelimiter(headerLine);
    List<String> header = new CsvRecordReader(new StringReader(headerLine), separator, 1).next();
    Map<String, Integer> positions = new HashMap<>();
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < header.size(); i++) {
      String name = header.get(i).trim();
      if (positions.put(name, i) != null) {
        problems.add("column '" + name + "' appears twice in the header");
      }
    }
    if (!problems.isEmpty()) {
      throw new BaselineDataException(
          source + ": the header is ambiguous", problems, "rename the repeated columns");
    }
    requireColumns(positions.keySet(), header, source, separator);
    int[] index = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      index[c] = positions.get(columns.get(c).dataColumn());
    }
    Set<String> unused = new LinkedHashSet<>();
    for (String name : header) {
      if (!isSpecified(name.trim())) {
        unused.add(name.trim());
      }
    }

    Accumulators accumulators = new Accumulators();
    CsvRecordReader records = new CsvRecordReader(reader, separator, 2);
    long rows = 0;
    List<String> fields;
    while ((fields = records.next()) != null) {
      rows++;
      if (fields.size() != header.size()) {
        accumulators.problem(
            "line "
                + records.recordLine()
                + ": "
                + fields.size()
                + " fields, but the header has "
                + header.size()
                + " (delimiter "
                + describe(separator)
                + ")");
        continue;
      }
      for (int c = 0; c < index.length; c++) {
        accumulators.accept(c, fields.get(index[c]), "line " + records.recordLine());
      }
      reportProgress(rows);
    }
    return finish(
        accumulators,
        rows,
        model,
        source,
        new ArrayList<>(unused),
        separator,
        "check the delimiter (or pass it explicitly) and the values named");
  }

  /**
   * The capture files of {@code model} in {@code directory} (see {@link CaptureFileNames}), oldest
   * first, read as one stream of JSON lines; problems name the file and line.
   */
  public Result readCaptureFiles(Path directory, String model)
      throws IOException, BaselineDataException {
    List<Path> files = CaptureFileNames.list(directory, model);
    if (files.isEmpty()) {
      throw new BaselineDataException(
          directory + " holds no capture files of model '" + model + "'",
          Collections.emptyList(),
          "give the directory of the model's capture.path (files named "
              + model
              + "-<time>-<n>.jsonl), or one of its files");
    }
    Accumulators accumulators = new Accumulators();
    Set<String> seen = new LinkedHashSet<>();
    long rows = 0;
    for (Path file : files) {
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        rows = jsonLines(reader, file.getFileName() + " ", accumulators, seen, rows);
      }
    }
    return jsonLinesResult(
        accumulators, seen, rows, model, directory + " (" + files.size() + " capture files)");
  }

  /** Reads JSON lines: one flat object per line; keys absent from a line count as missing. */
  public Result readJsonLines(Reader input, String model, String source)
      throws IOException, BaselineDataException {
    BufferedReader reader =
        input instanceof BufferedReader ? (BufferedReader) input : new BufferedReader(input);
    Accumulators accumulators = new Accumulators();
    Set<String> seen = new LinkedHashSet<>();
    long rows = jsonLines(reader, "", accumulators, seen, 0);
    return jsonLinesResult(accumulators, seen, rows, model, source);
  }

  /**
   * Adds the lines of one reader; returns the rows read so far.
   *
   * @param where names the file in problems ("" for a single input)
   */
  private long jsonLines(
      BufferedReader reader, String where, Accumulators accumulators, Set<String> seen, long rows)
      throws IOException {
    long lineNumber = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (lineNumber == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (line.trim().isEmpty()) {
        continue;
      }
      rows++;
      Map<String, String> values;
      try {
        values = FlatJson.parseText(line);
      } catch (IllegalArgumentException e) {
        accumulators.problem(where + "line " + lineNumber + ", " + e.getMessage());
        continue;
      }
      seen.addAll(values.keySet());
      for (int c = 0; c < columns.size(); c++) {
        accumulators.accept(
            c, values.get(columns.get(c).dataColumn()), where + "line " + lineNumber);
      }
      reportProgress(rows);
    }
    return rows;
  }

  private Result jsonLinesResult(
      Accumulators accumulators, Set<String> seen, long rows, String model, String source)
      throws BaselineDataException {
    if (rows == 0) {
      throw new BaselineDataException(
          source + " is empty",
          Collections.emptyList(),
          "write one JSON object per line, such as {\"alcohol\": 9.4, \"color\": \"red\"}");
    }
    requireColumns(seen, new ArrayList<>(seen), source, null);
    List<String> unused = new ArrayList<>();
    for (String name : seen) {
      if (!isSpecified(name)) {
        unused.add(name);
      }
    }
    return finish(
        accumulators,
        rows,
        model,
        source,
        unused,
        null,
        "correct the lines named, one flat JSON object per line");
  }

  private Result finish(
      Accumulators accumulators,
      long rows,
      String model,
      String source,
      List<String> unused,
      Character delimiter,
      String fix)
      throws BaselineDataException {
    if (texts.countingWords()) {
      return null;
    }
    if (progressEvery > 0 && rows % progressEvery != 0) {
      progress.accept(rows);
    }
    if (rows == 0) {
      throw new BaselineDataException(
          source + " has a header but no data rows",
          Collections.emptyList(),
          "use the training data the model was fitted on");
    }
    for (int c = 0; c < columns.size(); c++) {
      if (accumulators.present(c) == 0 && accumulators.invalid(c) == 0) {
        accumulators.problem(
            "column '"
                + columns.get(c).name()
                + "': all "
                + rows
                + " rows are missing; leave it out or fix the data");
      }
    }
    accumulators.throwIfProblems(source, fix);
    BaselineProfile.Builder profile =
        BaselineProfile.builder(model)
            .createdAt(clock.instant().truncatedTo(ChronoUnit.SECONDS))
            .source(source)
            .rows(rows);
    for (int c = 0; c < columns.size(); c++) {
      accumulators.addTo(profile, c, rows);
    }
    texts.vocabularies().forEach(profile::vocabulary);
    return new Result(profile.build(), unused, delimiter);
  }

  private void requireColumns(
      Set<String> available, List<String> inFileOrder, String source, Character delimiter)
      throws BaselineDataException {
    List<String> absent = new ArrayList<>();
    for (ColumnSpec column : columns) {
      if (!available.contains(column.dataColumn())) {
        absent.add(column.dataColumn());
      }
    }
    if (absent.isEmpty()) {
      return;
    }
    List<String> problems = new ArrayList<>();
    for (String name : absent) {
      problems.add("column '" + name + "' is not in " + source);
    }
    String found =
        "the file has: "
            + String.join(", ", inFileOrder)
            + (delimiter == null ? "" : " (delimiter " + describe(delimiter) + ")");
    throw new BaselineDataException(
        source
            + ": "
            + absent.size()
            + " of the columns asked for "
            + (absent.size() == 1 ? "is" : "are")
            + " missing",
        problems,
        "correct the column names ("
            + found
            + ")"
            + (delimiter == null ? "" : ", or pass the right --delimiter"));
  }

  private boolean isSpecified(String name) {
    for (ColumnSpec column : columns) {
      if (column.dataColumn().equals(name)) {
        return true;
      }
    }
    return false;
  }

  private void reportProgress(long rows) {
    if (progressEvery > 0 && rows % progressEvery == 0 && !texts.countingWords()) {
      progress.accept(rows);
    }
  }

  static String describe(char delimiter) {
    return delimiter == '\t' ? "tab" : "'" + delimiter + "'";
  }

  /** The accumulators of every specified column, plus the problems found in the data. */
  private final class Accumulators {
    private final Object[] byColumn = new Object[columns.size()];
    private final long[] invalid = new long[columns.size()];
    private final List<String> problems = new ArrayList<>();
    private long problemCount;

    Accumulators() {
      for (int c = 0; c < columns.size(); c++) {
        ColumnSpec spec = columns.get(c);
        byColumn[c] =
            spec.kind() == ColumnSpec.Kind.NUMERIC
                ? new NumericAccumulator()
                : spec.kind() == ColumnSpec.Kind.EMBEDDING
                    ? new EmbeddingAccumulator(spec.clusters())
                    : new CategoricalAccumulator();
      }
    }

    void accept(int column, String raw, String where) {
      if (texts.countingWords()) {
        texts.count(column, raw);
        return;
      }
      if (columns.get(column).computedFromText()) {
        ((NumericAccumulator) byColumn[column]).accept(texts.statistic(column, raw));
        return;
      }
      if (byColumn[column] instanceof NumericAccumulator) {
        String problem = ((NumericAccumulator) byColumn[column]).accept(raw);
        if (problem != null) {
          invalid[column]++;
          problem(
              where
                  + ", column '"
                  + columns.get(column).name()
                  + "': "
                  + problem
                  + " (declare the column categorical if it holds text)");
        }
      } else if (byColumn[column] instanceof EmbeddingAccumulator) {
        String problem = ((EmbeddingAccumulator) byColumn[column]).accept(raw);
        if (problem != null) {
          invalid[column]++;
          problem(where + ", column '" + columns.get(column).name() + "': " + problem);
        }
      } else {
        ((CategoricalAccumulator) byColumn[column]).accept(raw);
      }
    }

    long present(int column) {
      if (byColumn[column] instanceof EmbeddingAccumulator) {
        return ((EmbeddingAccumulator) byColumn[column]).present();
      }
      return byColumn[column] instanceof NumericAccumulator
          ? ((NumericAccumulator) byColumn[column]).present()
          : ((CategoricalAccumulator) byColumn[column]).present();
    }

    long invalid(int column) {
      return invalid[column];
    }

    void problem(String problem) {
      problemCount++;
      if (problems.size() < MAX_LISTED_PROBLEMS) {
        problems.add(problem);
      }
    }

    void throwIfProblems(String source, String fix) throws BaselineDataException {
      if (problemCount == 0) {
        return;
      }
      List<String> listed = new ArrayList<>(problems);
      if (problemCount > listed.size()) {
        listed.add("... and " + (problemCount - listed.size()) + " more");
      }
      throw new BaselineDataException(
          source
              + ": "
              + problemCount
              + (problemCount == 1 ? " problem" : " problems")
              + " in the data",
          listed,
          fix);
    }

    void addTo(BaselineProfile.Builder profile, int column, long rows) {
      ColumnSpec spec = columns.get(column);
      boolean feature = spec.role() == ColumnSpec.Role.FEATURE;
      if (byColumn[column] instanceof EmbeddingAccumulator) {
        EmbeddingAccumulator vectors = (EmbeddingAccumulator) byColumn[column];
        String norm = spec.name() + EmbeddingConfig.NORM_SUFFIX;
        String cluster = spec.name() + EmbeddingConfig.CLUSTER_SUFFIX;
        if (feature) {
          profile.numericFeature(norm, vectors.norms(bins, rows));
          profile.categoricalFeature(cluster, vectors.clusters(rows));
        } else {
          profile.numericOutput(norm, vectors.norms(bins, rows));
          profile.categoricalOutput(cluster, vectors.clusters(rows));
        }
      } else if (byColumn[column] instanceof NumericAccumulator) {
        NumericAccumulator numeric = (NumericAccumulator) byColumn[column];
        if (feature) {
          profile.numericFeature(spec.name(), numeric.toDistribution(bins, rows));
        } else {
          profile.numericOutput(spec.name(), numeric.toDistribution(bins, rows));
        }
      } else {
        CategoricalAccumulator categorical = (CategoricalAccumulator) byColumn[column];
        if (feature) {
          profile.categoricalFeature(spec.name(), categorical.toDistribution(topK, rows));
        } else {
          profile.categoricalOutput(spec.name(), categorical.toDistribution(topK, rows));
        }
      }
    }
  }

  /** A built profile and what the caller should know about the data. */
  public static final class Result {
    private final BaselineProfile profile;
    private final List<String> unusedColumns;
    private final Character delimiter;

    Result(BaselineProfile profile, List<String> unusedColumns, Character delimiter) {
      this.profile = profile;
      this.unusedColumns = Collections.unmodifiableList(new ArrayList<>(unusedColumns));
      this.delimiter = delimiter;
    }

    public BaselineProfile profile() {
      return profile;
    }

    /** Columns in the data that match no column spec, in the order first seen. */
    public List<String> unusedColumns() {
      return unusedColumns;
    }

    /** The CSV delimiter used (given or detected); null for JSON lines. */
    public Character delimiter() {
      return delimiter;
    }
  }
}
