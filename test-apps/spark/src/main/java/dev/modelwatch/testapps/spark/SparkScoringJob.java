package dev.modelwatch.testapps.spark;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * A Spark batch scoring job: trains two small Tribuo models on the driver, broadcasts them, and
 * scores {@code --rows} deterministic rows ({@link WineRows}) in {@code --partitions} partitions
 * inside {@code mapPartitions}:
 *
 * <ul>
 *   <li>the classifier ({@code LinearSGDModel} of {@code Label}) with {@code predict(Example)},
 *       once per row;
 *   <li>the regression ({@code LinearSGDModel} of {@code Regressor}) with the batch {@code
 *       predict(Iterable<Example>)}, once per non-empty partition.
 * </ul>
 *
 * <p>Then it prints one line, {@code SCORED rows=... partitions=... batches=... high=... low=...
 * quality_sum=...} (counted from the collected results), stops Spark, prints {@code RETURNING} and
 * returns from {@code main}, so that the JVM ends as a batch job's does. With {@code
 * --wait-for-input} it first waits for its standard input to close (for a scrape while it is still
 * up).
 *
 * <p>Spark runs with {@code master} {@code local[2]} (or {@code --master}), bound to 127.0.0.1,
 * without its UI.
 */
public final class SparkScoringJob {
  public static final String CLASSIFIER_NAME = "wine-spark-class";
  public static final String REGRESSION_NAME = "wine-spark-quality";
  public static final String QUALITY = "quality";
  static final int TRAINING_ROWS = 1000;
  static final long TRAINING_SEED = 7;

  private SparkScoringJob() {}

  public static void main(String[] args) throws Exception {
    int rows = 2000;
    int partitions = 4;
    long seed = 11;
    String master = "local[2]";
    boolean waitForInput = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows":
          rows = Integer.parseInt(args[++i]);
          break;
        case "--partitions":
          partitions = Integer.parseInt(args[++i]);
          break;
        case "--seed":
          seed = Long.parseLong(args[++i]);
          break;
        case "--master":
          master = args[++i];
          break;
        case "--wait-for-input":
          waitForInput = true;
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }

    Model<Label> classifier = trainClassifier();
    Model<Regressor> regression = trainRegression();

    SparkConf conf =
        new SparkConf()
            .setMaster(master)
            .setAppName("modelwatch-spark-scoring")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false");
    String result;
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      Broadcast<Model<Label>> classifierBc = sc.broadcast(classifier);
      Broadcast<Model<Regressor>> regressionBc = sc.broadcast(regression);
      List<Integer> indices = new ArrayList<>(rows);
      for (int i = 0; i < rows; i++) {
        indices.add(i);
      }
      final long rowSeed = seed;
      JavaRDD<String> scored =
          sc.parallelize(indices, partitions)
              .mapPartitions(
                  (Iterator<Integer> partition) ->
                      score(partition, classifierBc.value(), regressionBc.value(), rowSeed));
      List<String> collected = scored.collect();

      Map<String, Long> classes = new TreeMap<>();
      long batches = 0;
      double qualitySum = 0;
      for (String line : collected) {
        if (line.startsWith("BATCH")) {
          batches++;
          continue;
        }
        String[] parts = line.split(",");
        classes.merge(parts[0], 1L, Long::sum);
        qualitySum += Double.parseDouble(parts[1]);
      }
      long scoredRows = collected.size() - batches;
      result =
          "SCORED rows="
              + scoredRows
              + " partitions="
              + scored.getNumPartitions()
              + " batches="
              + batches
              + " high="
              + classes.getOrDefault(WineRows.HIGH, 0L)
              + " low="
              + classes.getOrDefault(WineRows.LOW, 0L)
              + " quality_sum="
              + qualitySum;
    }
    System.out.println(result);
    System.out.flush();
    if (waitForInput) {
      drain(System.in);
    }
    System.out.println("RETURNING");
    System.out.flush();
  }

  /**
   * Scores one partition: the classifier row by row, the regression as one batch of the partition's
   * rows. One line per row ({@code class,quality}) and one {@code BATCH n} line per batch call.
   */
  static Iterator<String> score(
      Iterator<Integer> partition,
      Model<Label> classifier,
      Model<Regressor> regression,
      long seed) {
    LabelFactory labels = new LabelFactory();
    RegressionFactory regressors = new RegressionFactory();
    List<String> classes = new ArrayList<>();
    List<Example<Regressor>> batch = new ArrayList<>();
    while (partition.hasNext()) {
      int index = partition.next();
      Prediction<Label> p =
          classifier.predict(WineRows.example(labels.getUnknownOutput(), seed, index));
      classes.add(p.getOutput().getLabel());
      batch.add(WineRows.example(regressors.getUnknownOutput(), seed, index));
    }
    List<String> out = new ArrayList<>(classes.size() + 1);
    if (batch.isEmpty()) {
      return out.iterator();
    }
    List<Prediction<Regressor>> qualities = regression.predict(batch);
    for (int i = 0; i < classes.size(); i++) {
      out.add(classes.get(i) + "," + qualities.get(i).getOutput().getValues()[0]);
    }
    out.add("BATCH " + batch.size());
    return out.iterator();
  }

  static Model<Label> trainClassifier() {
    LabelFactory factory = new LabelFactory();
    MutableDataset<Label> data =
        new MutableDataset<>(
            new SimpleDataSourceProvenance("synthetic wine rows", factory), factory);
    SplittableRandom noise = new SplittableRandom(TRAINING_SEED);
    for (int i = 0; i < TRAINING_ROWS; i++) {
      double[] v = WineRows.values(TRAINING_SEED, -1 - i);
      double q = WineRows.quality(v) + 0.25 * (noise.nextDouble() - 0.5);
      data.add(WineRows.trainingExample(new Label(q >= 6.0 ? WineRows.HIGH : WineRows.LOW), v));
    }
    Model<Label> model =
        new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
                new LogMulticlass(), new AdaGrad(0.1, 0.1), 10, -1, 1, TRAINING_SEED)
            .train(data);
    model.setName(CLASSIFIER_NAME);
    return model;
  }

  static Model<Regressor> trainRegression() {
    RegressionFactory factory = new RegressionFactory();
    MutableDataset<Regressor> data =
        new MutableDataset<>(
            new SimpleDataSourceProvenance("synthetic wine rows", factory), factory);
    SplittableRandom noise = new SplittableRandom(TRAINING_SEED + 1);
    for (int i = 0; i < TRAINING_ROWS; i++) {
      double[] v = WineRows.values(TRAINING_SEED, -1 - i);
      double q = WineRows.quality(v) + 0.25 * (noise.nextDouble() - 0.5);
      data.add(WineRows.trainingExample(new Regressor(QUALITY, q), v));
    }
    Model<Regressor> model =
        new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
                new SquaredLoss(), new AdaGrad(0.1, 0.1), 10, -1, 1, TRAINING_SEED + 1)
            .train(data);
    model.setName(REGRESSION_NAME);
    return model;
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buffer = new byte[256];
    while (in.read(buffer) >= 0) {
      // until the parent closes our standard input
    }
  }
}
