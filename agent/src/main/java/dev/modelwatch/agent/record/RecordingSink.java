package dev.modelwatch.agent.record;

import dev.modelwatch.agent.capture.CaptureBuffer;
import dev.modelwatch.agent.capture.ModelCapture;
import dev.modelwatch.agent.embedding.EmbeddingColumn;
import dev.modelwatch.agent.extract.CategoryLabels;
import dev.modelwatch.agent.extract.VectorSink;
import dev.modelwatch.agent.feedback.FeatureHash;
import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import dev.modelwatch.extension.OutputSink;

/**
 * The sink extractors write to: one per thread, bound to the model and cells of the call being
 * recorded, so writing a value is an array update with no allocation. For models with feedback it
 * also keeps the first output's value or class and, for feature-hash ids, the hash of the feature
 * values; a call that is not sampled is read for those alone ({@code recording} false). A call
 * sampled for payload capture also copies every value into the thread's {@link CaptureBuffer}.
 */
final class RecordingSink implements FeatureSink, OutputSink, VectorSink {
  private ModelMonitor model;
  private long[] cells;
  private int rows;
  private boolean recording;
  private boolean hashing;
  private long featureHash;
  private double firstValue;
  private String firstClass;
  private ExtractionException unreadable;

  /** The buffer of a call being captured, else null; {@link #captureBuffer} is kept for reuse. */
  private CaptureBuffer capture;

  private CaptureBuffer captureBuffer;

  void bind(ModelMonitor model, long[] cells) {
    bind(model, cells, true, false);
  }

  void bind(ModelMonitor model, long[] cells, boolean recording, boolean hashing) {
    this.model = model;
    this.cells = cells;
    this.rows = 0;
    this.recording = recording;
    this.hashing = hashing;
    this.featureHash = FeatureHash.START;
    this.firstValue = Double.NaN;
    this.firstClass = null;
    this.unreadable = null;
    this.capture = null;
  }

  /** After {@link #bind}: this call's values are also copied for {@code modelCapture}. */
  void capture(ModelCapture modelCapture) {
    if (captureBuffer == null) {
      captureBuffer = new CaptureBuffer();
    }
    captureBuffer.start(modelCapture, model.config());
    capture = captureBuffer;
  }

  /** The buffer of the call being captured, or null. */
  CaptureBuffer captured() {
    return capture;
  }

  int rows() {
    return rows;
  }

  /** The first feature of this call that could not be read, or null. */
  ExtractionException unreadable() {
    return unreadable;
  }

  long featureHash() {
    return featureHash;
  }

  double firstValue() {
    return firstValue;
  }

  String firstClass() {
    return firstClass;
  }

  @Override
  public void numeric(int feature, double value) {
    if (hashing) {
      featureHash = FeatureHash.number(featureHash, value);
    }
    if (recording) {
      model.recordNumericFeature(cells, feature, value);
    }
    if (capture != null) {
      capture.numeric(feature, value);
    }
  }

  @Override
  public void category(int feature, String value) {
    if (hashing) {
      featureHash =
          value == null
              ? FeatureHash.number(featureHash, Double.NaN)
              : FeatureHash.text(featureHash, value);
    }
    if (recording) {
      model.recordCategoryFeature(cells, feature, value);
    }
    if (capture != null) {
      capture.category(feature, value);
    }
  }

  @Override
  public void categoryCode(int feature, double code) {
    if (hashing) {
      featureHash = FeatureHash.number(featureHash, code);
    }
    if (recording) {
      model.recordCategoryCode(cells, feature, code);
    }
    if (capture != null) {
      capture.numeric(feature, code);
    }
  }

  @Override
  public void missing(int feature) {
    if (hashing) {
      featureHash = FeatureHash.number(featureHash, Double.NaN);
    }
    if (recording) {
      model.recordMissingFeature(cells, feature);
    }
    if (capture != null) {
      capture.missing(feature);
    }
  }

  @Override
  public void unreadable(int feature, ExtractionException problem) {
    missing(feature);
    if (unreadable == null) {
      unreadable = problem;
    }
  }

  @Override
  public void endRow() {
    rows++;
    if (capture != null) {
      capture.endRow();
    }
  }

  /**
   * The row goes to the histograms in one loop unless values are hashed, captured or wanted one by
   * one.
   */
  private boolean wholeRows() {
    return recording && !hashing && capture == null && model.recordsWholeRows();
  }

  @Override
  public void numericRow(float[] row, int[] columns) {
    if (!wholeRows()) {
      FeatureSink.super.numericRow(row, columns);
      return;
    }
    model.recordNumericRow(cells, row, columns);
    rows++;
  }

  /**
   * An embedding's vector: its norm and nearest centroid go through {@link #numeric} and {@link
   * #categoryCode} like any value (histograms, hash, capture), and the vector is added into the
   * writer's running sum when the call is recorded.
   */
  @Override
  public void vector(int feature, Object vector) {
    EmbeddingColumn embedding = model.featureEmbedding(feature);
    if (embedding == null) {
      missing(feature);
      return;
    }
    int cluster = embedding.clusterColumn();
    if (!embedding.fits(vector)) {
      unreadable(
          feature, new ExtractionException(embedding.wrongLength(EmbeddingColumn.length(vector))));
      if (cluster >= 0) {
        missing(cluster);
      }
      return;
    }
    numeric(feature, EmbeddingColumn.norm(vector));
    int nearest = embedding.nearest(vector);
    if (nearest >= 0 && cluster >= 0) {
      categoryCode(cluster, nearest);
    }
    if (recording) {
      embedding.add(cells, vector);
    }
  }

  @Override
  public String outputVector(int output, Object vector) {
    EmbeddingColumn embedding = model.outputEmbedding(output);
    if (embedding == null) {
      return null;
    }
    if (!embedding.fits(vector)) {
      return embedding.wrongLength(EmbeddingColumn.length(vector));
    }
    value(output, EmbeddingColumn.norm(vector));
    int nearest = embedding.nearest(vector);
    int cluster = embedding.clusterColumn();
    if (nearest >= 0 && cluster >= 0) {
      predictedClass(cluster, CategoryLabels.of(nearest), Double.NaN);
    }
    if (recording) {
      embedding.add(cells, vector);
    }
    return null;
  }

  @Override
  public void value(int output, double value) {
    if (output == 0) {
      firstValue = value;
    }
    if (recording) {
      model.recordOutputValue(cells, output, value);
    }
    if (capture != null) {
      capture.value(output, value);
    }
  }

  @Override
  public void predictedClass(int output, String label, double confidence) {
    if (output == 0) {
      firstClass = label;
    }
    if (recording) {
      model.recordOutputClass(cells, output, label, confidence);
    }
    if (capture != null) {
      capture.predictedClass(output, label);
    }
  }
}
