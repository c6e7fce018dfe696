package dev.modelwatch.agent.record;

import dev.modelwatch.agent.extract.FeatureSink;
import dev.modelwatch.agent.extract.OutputSink;

/**
 * The sink extractors write to: one per thread, bound to the model and cells of the call being
 * recorded, so writing a value is an array update with no allocation.
 */
final class RecordingSink implements FeatureSink, OutputSink {
  private ModelMonitor model;
  private long[] cells;
  private int rows;

  void bind(ModelMonitor model, long[] cells) {
    this.model = model;
    this.cells = cells;
    this.rows = 0;
  }

  int rows() {
    return rows;
  }

  @Override
  public void numeric(int feature, double value) {
    model.recordNumericFeature(cells, feature, value);
  }

  @Override
  public void category(int feature, String value) {
    model.recordCategoryFeature(cells, feature, value);
  }

  @Override
  public void categoryCode(int feature, double code) {
    model.recordCategoryCode(cells, feature, code);
  }

  @Override
  public void missing(int feature) {
    model.recordMissingFeature(cells, feature);
  }

  @Override
  public void endRow() {
    rows++;
  }

  @Override
  public void value(int output, double value) {
    model.recordOutputValue(cells, output, value);
  }

  @Override
  public void predictedClass(int output, String label, double confidence) {
    model.recordOutputClass(cells, output, label, confidence);
  }
}
