package dev.modelwatch.agent.baseline;

import dev.modelwatch.agent.capture.CaptureFileNames;
import dev.modelwatch.config.AgentConfig;
import dev.modelwatch.config.ConfigException;
import dev.modelwatch.config.ConfigLoader;
import dev.modelwatch.config.ModelConfig;
import dev.modelwatch.config.baseline.BaselineException;
import dev.modelwatch.config.baseline.BaselineFile;
import dev.modelwatch.config.baseline.BaselineProfile;
import dev.modelwatch.config.baseline.CategoricalDistribution;
import dev.modelwatch.config.baseline.NumericDistribution;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code baseline} command of the agent jar: reads training data and writes a baseline file.
 *
 * <pre>
 * java -jar modelwatch-agent.jar baseline --data train.csv --config modelwatch.yaml --model wine
 *     --out wine-baseline.yaml
 * java -jar modelwatch-agent.jar baseline --data train.csv --model wine --out wine-baseline.yaml
 *     --features alcohol,ph,color --categorical color --outputs quality
 * </pre>
 *
 * <p>With {@code --config} the columns are the model's configured features and outputs, kinds as
 * configured; configured columns the data lacks are named and left out of the baseline. {@code
 * --data} may name a directory of the agent's capture files: those of {@code --model} are read,
 * oldest first, like one JSON lines file.
 */
public final class BaselineCommand {

  static final String USAGE =
      String.join(
          "\n",
          "Usage: baseline --data <train.csv|train.jsonl> --model <name> --out <baseline.yaml>",
          "                (--config <modelwatch.yaml> | --features <a,b,c> [--categorical <c>]"
              + " [--outputs <y>] [--classification <label>])",
          "                [--delimiter <, ; | tab>] [--bins <n>] [--top-k <n>]",
          "  --data            training data: CSV with a header row, or JSON lines (.jsonl, .ndjson,"
              + " .json), or a directory of the agent's capture files (those of --model)",
          "  --model           the model's name, as in the agent config",
          "  --config          the agent config: columns are the model's features and outputs, kinds"
              + " as configured",
          "  --out             the baseline file to write (replaced if it exists)",
          "  --features        input columns, comma-separated; numeric unless listed in --categorical",
          "  --categorical     which of the --features hold categories rather than numbers",
          "  --outputs         numeric output columns (regression outputs, scores)",
          "  --classification  categorical output columns (predicted classes)",
          "  --delimiter       CSV delimiter; detected from the header when not given",
          "  --bins            quantile bins per numeric column (default 10)",
          "  --top-k           categories kept by name per categorical column (default 20)");

  private static final List<String> LIST_OPTIONS =
      Arrays.asList("--features", "--categorical", "--outputs", "--classification");
  private static final List<String> SINGLE_OPTIONS =
      Arrays.asList("--data", "--model", "--out", "--delimiter", "--bins", "--top-k", "--config");
  private static final long PROGRESS_EVERY = 100_000;

  private BaselineCommand() {}

  /**
   * Runs the command with the arguments that follow the word {@code baseline}.
   *
   * @return 0 when the baseline was written, 2 when it was not (the reason is on {@code err})
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    List<String> argList = new ArrayList<>(Arrays.asList(args));
    if (!argList.isEmpty() && argList.get(0).equals("baseline")) {
      argList.remove(0);
    }
    if (argList.contains("--help") || argList.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    List<String> problems = new ArrayList<>();
    Map<String, String> single = new LinkedHashMap<>();
    Map<String, List<String>> lists = new LinkedHashMap<>();
    parse(argList, single, lists, problems);

    Path data = single.containsKey("--data") ? Paths.get(single.get("--data")) : null;
    String model = single.get("--model");
    Path target = single.containsKey("--out") ? Paths.get(single.get("--out")) : null;
    Character delimiter = delimiter(single.get("--delimiter"), problems);
    int bins = number(single, "--bins", 10, 2, problems);
    int topK = number(single, "--top-k", 20, 1, problems);
    if (data == null) {
      problems.add("--data is required: the training data file, e.g. --data train.csv");
    } else if (!Files.isRegularFile(data) && !Files.isDirectory(data)) {
      problems.add(
          "--data "
              + data
              + ": no such file or directory; give the path of the training data or of a capture"
              + " directory");
    }
    if (model == null || model.trim().isEmpty()) {
      problems.add(
          "--model is required: the model's name as in the agent config, e.g." + " --model wine");
    }
    if (target == null) {
      problems.add(
          "--out is required: the baseline file to write, e.g. --out" + " wine-baseline.yaml");
    } else if (target.toAbsolutePath().getParent() != null
        && !Files.isDirectory(target.toAbsolutePath().getParent())) {
      problems.add(
          "--out "
              + target
              + ": the directory "
              + target.toAbsolutePath().getParent()
              + " does not exist; create it first");
    }
    Path configFile = single.containsKey("--config") ? Paths.get(single.get("--config")) : null;
    List<String> redacted = new ArrayList<>();
    List<ColumnSpec> columns =
        configFile == null
            ? columns(lists, problems)
            : configuredColumns(configFile, model, lists, data, redacted, problems);
    List<ColumnSpec> absent = new ArrayList<>();
    if (configFile != null && problems.isEmpty()) {
      columns = presentInData(columns, data, model, delimiter, absent, problems);
    }
    if (!problems.isEmpty()) {
      err.println(
          "baseline: "
              + problems.size()
              + (problems.size() == 1 ? " problem" : " problems")
              + " with the arguments:");
      for (String problem : problems) {
        err.println("  - " + problem);
      }
      err.println(USAGE);
      return 2;
    }

    BaselineBuilder builder =
        new BaselineBuilder(columns, bins, topK)
            .onProgress(PROGRESS_EVERY, rows -> out.println("  " + rows + " rows read"));
    out.println(
        "Reading "
            + data
            + " ("
            + (Files.isDirectory(data)
                ? "capture files of model " + model
                : BaselineBuilder.isJsonLines(data) ? "JSON lines" : "CSV")
            + ")");
    BaselineBuilder.Result result;
    try {
      result = builder.read(data, delimiter, model);
    } catch (BaselineDataException e) {
      err.println("baseline: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      err.println(
          "baseline: cannot read "
              + data
              + ": "
              + e.getMessage()
              + "\nFix: check the file is readable UTF-8 text (CSV with a header, or JSON lines)");
      return 2;
    } catch (OutOfMemoryError e) {
      err.println(
          "baseline: out of memory while reading "
              + data
              + "\nFix: give the JVM more heap (-Xmx); numeric columns take 8 bytes per value");
      return 2;
    } catch (RuntimeException e) {
      err.println(
          "baseline: unexpected failure while reading "
              + data
              + ": "
              + e
              + "\nFix: check the data file; if it looks right, report this message with its first"
              + " lines");
      return 2;
    }
    try {
      BaselineFile.write(result.profile(), target);
    } catch (BaselineException e) {
      err.println("baseline: " + e.getMessage());
      return 2;
    }
    summarize(result, data, target, out);
    for (String name : redacted) {
      out.println(
          "Redacted in capture files: "
              + name
              + " (capture.redact); its values there are keyed hashes, not what the model"
              + " receives, so the baseline has no entry for it");
    }
    for (ColumnSpec column : absent) {
      out.println(
          "Not in the data: "
              + column
              + "; the baseline has no entry for it, so the agent"
              + " records it on default buckets and computes no drift for it");
    }
    return 0;
  }

  /**
   * The model's configured features and outputs; the column options may not be mixed in. Reading
   * capture data (JSON lines or a capture directory), the features the model's capture redacts are
   * left out and named in {@code redacted}.
   */
  private static List<ColumnSpec> configuredColumns(
      Path configFile,
      String model,
      Map<String, List<String>> lists,
      Path data,
      List<String> redacted,
      List<String> problems) {
    for (String option : LIST_OPTIONS) {
      if (lists.containsKey(option)) {
        problems.add(
            option
                + " cannot be combined with --config: the columns are the model's"
                + " configured features and outputs; leave out "
                + option
                + " (or --config)");
      }
    }
    if (model == null || model.trim().isEmpty()) {
      return new ArrayList<>();
    }
    AgentConfig config;
    try {
      config = ConfigLoader.load(configFile);
    } catch (ConfigException e) {
      problems.add("--config " + configFile + ": " + e.getMessage().replace("\n", "\n    "));
      return new ArrayList<>();
    }
    ModelConfig modelConfig = ConfiguredColumns.model(config, model, configFile, problems);
    if (modelConfig == null) {
      return new ArrayList<>();
    }
    List<ColumnSpec> columns = ConfiguredColumns.of(modelConfig, problems);
    boolean captureData =
        data != null && (Files.isDirectory(data) || BaselineBuilder.isJsonLines(data));
    if (captureData && modelConfig.capture() != null) {
      List<ColumnSpec> kept = new ArrayList<>();
      for (ColumnSpec column : columns) {
        if (column.role() == ColumnSpec.Role.FEATURE
            && modelConfig.capture().redact().contains(column.name())) {
          redacted.add(column.name());
        } else {
          kept.add(column);
        }
      }
      return kept;
    }
    return columns;
  }

  /** Keeps the configured columns the data has; adds those it lacks to {@code absent}. */
  private static List<ColumnSpec> presentInData(
      List<ColumnSpec> columns,
      Path data,
      String model,
      Character delimiter,
      List<ColumnSpec> absent,
      List<String> problems) {
    Set<String> names;
    try {
      if (Files.isDirectory(data)) {
        // every line of a capture file has every column: the oldest file tells them
        List<Path> files = CaptureFileNames.list(data, model);
        if (files.isEmpty()) {
          problems.add(
              "--data "
                  + data
                  + ": holds no capture files of model '"
                  + model
                  + "' (named "
                  + model
                  + "-<time>-<n>.jsonl); give the model's capture.path");
          return columns;
        }
        data = files.get(0);
      }
      names = ConfiguredColumns.columnNames(data, delimiter);
    } catch (IOException | RuntimeException e) {
      problems.add(
          "--data "
              + data
              + ": cannot read its column names ("
              + e.getMessage()
              + "); check the file is UTF-8 text: CSV with a header, or JSON lines");
      return columns;
    }
    ConfiguredColumns matched = ConfiguredColumns.match(columns, names);
    absent.addAll(matched.absent());
    if (matched.present().isEmpty() && !columns.isEmpty()) {
      List<String> wanted = new ArrayList<>();
      for (ColumnSpec column : columns) {
        wanted.add(column.name());
      }
      problems.add(
          "--data "
              + data
              + ": none of the model's features and outputs ("
              + String.join(", ", wanted)
              + ") is a column of the data, which has: "
              + String.join(", ", names)
              + "; name the columns as in the config (or pass the right"
              + " --delimiter)");
    }
    return matched.present();
  }

  private static void parse(
      List<String> args,
      Map<String, String> single,
      Map<String, List<String>> lists,
      List<String> problems) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      if (!SINGLE_OPTIONS.contains(name) && !LIST_OPTIONS.contains(name)) {
        problems.add(
            arg.startsWith("-")
                ? "unknown option " + name + "; see the usage below"
                : "unexpected argument '" + arg + "'; options take the form --name value");
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
          problems.add(name + " needs a value");
          continue;
        }
        value = args.get(++i);
      }
      if (LIST_OPTIONS.contains(name)) {
        List<String> names = lists.computeIfAbsent(name, k -> new ArrayList<>());
        for (String item : value.split(",")) {
          if (!item.trim().isEmpty()) {
            names.add(item.trim());
          }
        }
      } else if (single.put(name, value) != null) {
        problems.add(name + " is given twice; give it once");
      }
    }
  }

  private static Character delimiter(String value, List<String> problems) {
    if (value == null) {
      return null;
    }
    switch (value) {
      case ",":
      case ";":
      case "|":
        return value.charAt(0);
      case "\t":
      case "\\t":
      case "tab":
        return '\t';
      default:
        problems.add("--delimiter '" + value + "': must be one of , ; | tab");
        return null;
    }
  }

  private static int number(
      Map<String, String> single, String name, int defaultValue, int min, List<String> problems) {
    String value = single.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(name + " '" + value + "': must be a whole number >= " + min);
    return defaultValue;
  }

  private static List<ColumnSpec> columns(Map<String, List<String>> lists, List<String> problems) {
    List<String> features = lists.getOrDefault("--features", new ArrayList<>());
    Set<String> categorical =
        new LinkedHashSet<>(lists.getOrDefault("--categorical", new ArrayList<>()));
    List<ColumnSpec> columns = new ArrayList<>();
    for (String name : features) {
      columns.add(
          categorical.contains(name)
              ? ColumnSpec.categoricalFeature(name)
              : ColumnSpec.numericFeature(name));
    }
    for (String name : categorical) {
      if (!features.contains(name)) {
        problems.add(
            "--categorical "
                + name
                + ": not listed in --features; add it to --features"
                + " (for a categorical output use --classification)");
      }
    }
    for (String name : lists.getOrDefault("--outputs", new ArrayList<>())) {
      columns.add(ColumnSpec.numericOutput(name));
    }
    for (String name : lists.getOrDefault("--classification", new ArrayList<>())) {
      columns.add(ColumnSpec.categoricalOutput(name));
    }
    if (features.isEmpty()) {
      problems.add(
          "--features is required: the model's input columns, e.g. --features" + " alcohol,ph");
    }
    Set<String> seen = new LinkedHashSet<>();
    for (ColumnSpec column : columns) {
      if (!seen.add(column.name())) {
        problems.add(
            "column "
                + column.name()
                + " is listed twice; list each column once, in"
                + " --features, --outputs or --classification");
      }
    }
    return columns;
  }

  private static void summarize(
      BaselineBuilder.Result result, Path data, Path target, PrintStream out) {
    BaselineProfile profile = result.profile();
    out.println(
        "Read "
            + profile.rows()
            + " rows from "
            + data
            + (result.delimiter() == null
                ? ""
                : " (delimiter " + BaselineBuilder.describe(result.delimiter()) + ")"));
    if (!result.unusedColumns().isEmpty()) {
      out.println("Columns not used: " + String.join(", ", result.unusedColumns()));
    }
    out.println("Wrote " + target + " for model " + profile.model() + ":");
    profile.numericFeatures().forEach((name, d) -> out.println(numeric("feature", name, d)));
    profile
        .categoricalFeatures()
        .forEach((name, d) -> out.println(categorical("feature", name, d)));
    profile.numericOutputs().forEach((name, d) -> out.println(numeric("output", name, d)));
    profile.categoricalOutputs().forEach((name, d) -> out.println(categorical("output", name, d)));
  }

  private static String numeric(String role, String name, NumericDistribution d) {
    return String.format(
        Locale.ROOT,
        "  %-7s %-20s numeric      %d bins, min %s, max %s, mean %.6g, missing %.1f%%",
        role,
        name,
        d.bins(),
        d.min(),
        d.max(),
        d.mean(),
        100 * d.missingShare());
  }

  private static String categorical(String role, String name, CategoricalDistribution d) {
    int named = d.shares().size() - 1;
    return String.format(
        Locale.ROOT,
        "  %-7s %-20s categorical  %d %s + %s %.1f%%, missing %.1f%%",
        role,
        name,
        named,
        named == 1 ? "category" : "categories",
        CategoricalDistribution.OTHER,
        100 * d.shares().get(CategoricalDistribution.OTHER),
        100 * d.missingShare());
  }
}
