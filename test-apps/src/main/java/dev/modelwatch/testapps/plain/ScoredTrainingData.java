package dev.modelwatch.testapps.plain;

import dev.modelwatch.testapps.data.WineData;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The wine model's training data for a baseline: WineData's training CSV plus a column {@code
 * predicted_quality} with {@link LinearWineModel}'s prediction for each row, since an output's
 * baseline describes what the model returns on its training data, not the label.
 *
 * <pre>ScoredTrainingData --out FILE [--rows N] [--seed S]</pre>
 */
public final class ScoredTrainingData {
  public static final String OUTPUT = "predicted_quality";
  private static final String USAGE = "usage: ScoredTrainingData --out FILE [--rows N] [--seed S]";

  private ScoredTrainingData() {}

  /** Writes {@code rows} scored training rows drawn with {@code seed} to {@code file}. */
  public static void write(Path file, int rows, long seed) throws IOException {
    WineData.Sample sample = new WineData(seed).sample(rows);
    LinearWineModel model = new LinearWineModel();
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write(String.join(",", WineData.FEATURE_NAMES));
      w.write(",quality,quality_class," + OUTPUT + "\n");
      for (int i = 0; i < sample.size(); i++) {
        w.write(WineData.formatRow(sample.row(i)));
        w.write(',');
        w.write(Double.toString(sample.quality(i)));
        w.write(',');
        w.write(sample.qualityClass(i));
        w.write(',');
        // the prediction as the agent sees it: the float result widened to double
        w.write(Double.toString((double) model.predict(sample.row(i))));
        w.write('\n');
      }
    }
  }

  public static void main(String[] args) throws IOException {
    Path out = null;
    int rows = 20_000;
    long seed = 42;
    for (int i = 0; i < args.length; i++) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("'" + args[i] + "' needs a value; " + USAGE);
      }
      switch (args[i]) {
        case "--out":
          out = Path.of(args[++i]);
          break;
        case "--rows":
          rows = Integer.parseInt(args[++i]);
          break;
        case "--seed":
          seed = Long.parseLong(args[++i]);
          break;
        default:
          throw new IllegalArgumentException("unknown argument '" + args[i] + "'; " + USAGE);
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("missing --out FILE; " + USAGE);
    }
    write(out, rows, seed);
    System.out.println(
        "wrote " + rows + " scored training rows (features, quality, " + OUTPUT + ") to " + out);
  }
}
