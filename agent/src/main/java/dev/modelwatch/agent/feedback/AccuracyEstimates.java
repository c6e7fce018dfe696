package dev.modelwatch.agent.feedback;

import dev.modelwatch.agent.record.AgentErrors;
import dev.modelwatch.agent.record.CellSums;
import dev.modelwatch.agent.record.Column;
import dev.modelwatch.agent.record.ErrorStage;
import dev.modelwatch.agent.record.ModelMonitor;
import dev.modelwatch.agent.record.NumericHistogram;
import dev.modelwatch.agent.record.Recorder;
import dev.modelwatch.config.FeedbackConfig;
import dev.modelwatch.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Accuracy estimated without labels (confidence-based performance estimation): for each
 * classification output, the mean confidence of the predicted class over the window. For a
 * calibrated classifier (among predictions made with confidence p, a share p is right) that mean is
 * the expected accuracy. It reads the confidences the recorder already keeps for every
 * classification output (the {@code model_output_value} histogram: its exact count and sum), over
 * the evaluation window of the model ({@code feedback.window} in {@value EvaluationWindow#SLICES}
 * slices, the defaults for models without feedback), so the estimate and {@code
 * model_evaluation{metric="accuracy"}} cover windows of the same length. Nothing is added to the
 * prediction path.
 */
public final class AccuracyEstimates {

  /** One classification output's estimate now. */
  public static final class Estimate {
    public final String model;
    public final String output;

    /** Confidences in the window. */
    public final long samples;

    /** Their mean, or NaN below the model's {@code min_samples}. */
    public final double accuracy;

    Estimate(String model, String output, long samples, double accuracy) {
      this.model = model;
      this.output = output;
      this.samples = samples;
      this.accuracy = accuracy;
    }
  }

  /** A model with classification outputs: their indices and their window. */
  private static final class Model {
    final int id;
    final String name;
    final int[] outputs;
    final String[] names;
    final long minSamples;
    final long slicePeriodMillis;
    final ConfidenceWindow window;

    Model(
        int id,
        String name,
        int[] outputs,
        String[] names,
        long minSamples,
        long slicePeriodMillis,
        ConfidenceWindow window) {
      this.id = id;
      this.name = name;
      this.outputs = outputs;
      this.names = names;
      this.minSamples = minSamples;
      this.slicePeriodMillis = slicePeriodMillis;
      this.window = window;
    }
  }

  private final Recorder recorder;
  private final AgentErrors errors;
  private final List<Model> models;
  private final List<ScheduledFuture<?>> rotations = new CopyOnWriteArrayList<>();

  private AccuracyEstimates(Recorder recorder, AgentErrors errors, List<Model> models) {
    this.recorder = recorder;
    this.errors = errors;
    this.models = List.copyOf(models);
  }

  /**
   * The estimates of the recorder's models with classification outputs; their windows start at the
   * counts so far.
   */
  public static AccuracyEstimates of(Recorder recorder, AgentErrors errors) {
    List<Model> models = new ArrayList<>();
    for (ModelMonitor monitor : recorder.models()) {
      List<Integer> outputs = new ArrayList<>();
      for (Column output : monitor.outputs()) {
        // an embedding's nearest centroid is a class without a confidence
        if (output.kind() == Column.Kind.CLASSIFICATION
            && monitor.config().outputs().get(output.index()).embedding() == null) {
          outputs.add(output.index());
        }
      }
      if (outputs.isEmpty()) {
        continue;
      }
      int[] indices = outputs.stream().mapToInt(Integer::intValue).toArray();
      String[] names = new String[indices.length];
      for (int i = 0; i < indices.length; i++) {
        names[i] = monitor.outputs().get(indices[i]).name();
      }
      ModelConfig config = monitor.config();
      FeedbackConfig feedback =
          config.feedback() != null ? config.feedback() : FeedbackConfig.defaults();
      long period = Math.max(1, feedback.window().toMillis() / EvaluationWindow.SLICES);
      long[] counts = new long[indices.length];
      double[] sums = new double[indices.length];
      cumulative(monitor, indices, recorder.cells().sum(monitor.id()), counts, sums);
      models.add(
          new Model(
              monitor.id(),
              monitor.name(),
              indices,
              names,
              feedback.minSamples(),
              period,
              new ConfidenceWindow(counts, sums, EvaluationWindow.SLICES)));
    }
    return new AccuracyEstimates(recorder, errors, models);
  }

  /** Rotates each model's window every {@code window / 12} on {@code scheduler}. */
  public void start(ScheduledExecutorService scheduler) {
    for (Model model : models) {
      rotations.add(
          scheduler.scheduleAtFixedRate(
              () -> rotate(model),
              model.slicePeriodMillis,
              model.slicePeriodMillis,
              TimeUnit.MILLISECONDS));
    }
  }

  /** Stops the rotations (a config reload replaced these models). */
  public void stop() {
    for (ScheduledFuture<?> rotation : rotations) {
      rotation.cancel(false);
    }
  }

  private void rotate(Model model) {
    try {
      long[] counts = new long[model.outputs.length];
      double[] sums = new double[model.outputs.length];
      cumulative(
          recorder.models().get(model.id),
          model.outputs,
          recorder.cells().sum(model.id),
          counts,
          sums);
      model.window.rotate(counts, sums);
    } catch (Throwable t) {
      // a scheduled task that throws is never run again: contain it so the window keeps moving
      errors.record(ErrorStage.FEEDBACK, t);
    }
  }

  /**
   * Every classification output's estimate now; a model whose computation fails is counted and left
   * out.
   */
  public List<Estimate> estimates() {
    return estimates(recorder.settledSums());
  }

  /** As {@link #estimates()}, from {@code sums} (one scrape's cells). */
  public List<Estimate> estimates(CellSums cells) {
    List<Estimate> estimates = new ArrayList<>();
    for (Model model : models) {
      try {
        int n = model.outputs.length;
        long[] counts = new long[n];
        double[] sums = new double[n];
        // the model as it is now: one whose features are discovered at its first call is replaced
        // before recording
        cumulative(
            recorder.models().get(model.id), model.outputs, cells.of(model.id), counts, sums);
        long[] windowCounts = new long[n];
        double[] windowSums = new double[n];
        model.window.countsInto(counts, sums, windowCounts, windowSums);
        for (int i = 0; i < n; i++) {
          // not clamped: a mean above 1 says the scores are no probabilities, and so no estimate
          double accuracy =
              windowCounts[i] >= Math.max(1, model.minSamples)
                  ? windowSums[i] / windowCounts[i]
                  : Double.NaN;
          estimates.add(new Estimate(model.name, model.names[i], windowCounts[i], accuracy));
        }
      } catch (Throwable t) {
        errors.record(ErrorStage.FEEDBACK, t);
      }
    }
    return estimates;
  }

  /** The cumulative count and sum of each output's confidences, out of the model's summed cells. */
  private static void cumulative(
      ModelMonitor monitor, int[] outputs, long[] cells, long[] counts, double[] sums) {
    for (int i = 0; i < outputs.length; i++) {
      NumericHistogram histogram = monitor.outputs().get(outputs[i]).values();
      long count = 0;
      for (long c : histogram.bucketCounts(cells)) {
        count += c;
      }
      counts[i] = count;
      sums[i] = histogram.sum(cells);
    }
  }
}
