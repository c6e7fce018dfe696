package dev.modelwatch.agent.baseline;

import dev.modelwatch.agent.json.FlatJson;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.FeatureConfig;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.OutputConfig;
import dev.modelwatch.extension.InputProfile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The columns of a baseline taken from a model's config: every feature (numeric or categorical as
 * configured) and every output (regression outputs numeric, classification outputs categorical),
 * matched by name against the columns the training data has. Configured columns the data lacks are
 * left out and named, so the baseline covers what the data can describe. The statistics of a text
 * profile ({@code review.length}, ...) are read from columns of those names when the data has them
 * (capture files), else computed from the column of text the profile names ({@code review}).
 */
final class ConfiguredColumns {

  private final List<ColumnSpec> present;
  private final List<ColumnSpec> absent;

  private ConfiguredColumns(List<ColumnSpec> present, List<ColumnSpec> absent) {
    this.present = Collections.unmodifiableList(present);
    this.absent = Collections.unmodifiableList(absent);
  }

  /** The model named {@code model} in {@code config}, or null after adding a problem. */
  static ModelConfig model(
      AgentConfig config, String model, Path configFile, List<String> problems) {
    List<String> names = new ArrayList<>();
    for (ModelConfig candidate : config.models()) {
      if (candidate.name().equals(model)) {
        return candidate;
      }
      names.add(candidate.name());
    }
    problems.add(
        "--model "
            + model
            + ": no model of that name in "
            + configFile
            + "; the config has: "
            + String.join(", ", names));
    return null;
  }

  /** Every feature and output of the model, in config order; problems when a name repeats. */
  static List<ColumnSpec> of(ModelConfig model, List<String> problems) {
    List<ColumnSpec> columns = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (FeatureConfig feature : model.features()) {
      if (feature.embedding() != null) {
        // the data holds the vectors under the embedding's own name; both columns come from them
        if (feature.kind() == FeatureConfig.Kind.NUMERIC) {
          names.add(feature.embedding().name());
          columns.add(
              ColumnSpec.embedding(
                  feature.embedding().name(),
                  ColumnSpec.Role.FEATURE,
                  feature.embedding().clusters()));
        }
        continue;
      }
      names.add(feature.name());
      if (feature.profile() != null) {
        columns.add(ColumnSpec.profileStatistic(feature.name(), feature.profile()));
        continue;
      }
      columns.add(
          feature.kind() == FeatureConfig.Kind.CATEGORICAL
              ? ColumnSpec.categoricalFeature(feature.name())
              : ColumnSpec.numericFeature(feature.name()));
    }
    for (OutputConfig output : model.outputs()) {
      if (output.embedding() != null) {
        if (output.kind() == OutputConfig.Kind.REGRESSION) {
          if (!names.add(output.embedding().name())) {
            problems.add(
                "model "
                    + model.name()
                    + ": output "
                    + output.embedding().name()
                    + " has the name of a feature; a baseline names each column once, so rename one"
                    + " of them in the config");
            continue;
          }
          columns.add(
              ColumnSpec.embedding(
                  output.embedding().name(),
                  ColumnSpec.Role.OUTPUT,
                  output.embedding().clusters()));
        }
        continue;
      }
      if (!names.add(output.name())) {
        problems.add(
            "model "
                + model.name()
                + ": output "
                + output.name()
                + " has the name of a"
                + " feature; a baseline names each column once, so rename one of them in the config");
        continue;
      }
      columns.add(
          output.kind() == OutputConfig.Kind.CLASSIFICATION
              ? ColumnSpec.categoricalOutput(output.name())
              : ColumnSpec.numericOutput(output.name()));
    }
    if (columns.isEmpty()) {
      problems.add(
          "model "
              + model.name()
              + " configures no features and no outputs; add them to"
              + " the config (or name the columns with --features)");
    }
    return columns;
  }

  /** Splits {@code columns} into those the data has and those it lacks. */
  static ConfiguredColumns match(List<ColumnSpec> columns, Set<String> dataColumns) {
    List<ColumnSpec> present = new ArrayList<>();
    List<ColumnSpec> absent = new ArrayList<>();
    for (ColumnSpec column : columns) {
      if (dataColumns.contains(column.name())) {
        present.add(column);
      } else if (column.profile() != null
          && column.profile().kind() == InputProfile.Kind.TEXT
          && dataColumns.contains(column.profile().source())) {
        present.add(column.fromText());
      } else {
        absent.add(column);
      }
    }
    return new ConfiguredColumns(present, absent);
  }

  List<ColumnSpec> present() {
    return present;
  }

  List<ColumnSpec> absent() {
    return absent;
  }

  /**
   * The column names of a data file: the CSV header (delimiter given, or detected as {@link
   * BaselineBuilder} does), or every key of any line of a JSON lines file. Lines that do not parse
   * are skipped here; reading the data reports them.
   */
  static Set<String> columnNames(Path data, Character delimiter) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    try (BufferedReader reader = Files.newBufferedReader(data, StandardCharsets.UTF_8)) {
      String line = reader.readLine();
      if (line != null && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      if (!BaselineBuilder.isJsonLines(data)) {
        if (line != null && !line.trim().isEmpty()) {
          char separator = delimiter != null ? delimiter : CsvRecordReader.detectDelimiter(line);
          for (String name : new CsvRecordReader(new StringReader(line), separator, 1).next()) {
            names.add(name.trim());
          }
        }
        return names;
      }
      for (; line != null; line = reader.readLine()) {
        if (line.trim().isEmpty()) {
          continue;
        }
        try {
          names.addAll(FlatJson.parseText(line).keySet());
        } catch (IllegalArgumentException e) {
          // reported when the data is read
        }
      }
      return names;
    }
  }
}
