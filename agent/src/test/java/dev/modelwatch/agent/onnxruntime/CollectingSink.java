package dev.modelwatch.agent.onnxruntime;

import dev.modelwatch.extension.ExtractionException;
import dev.modelwatch.extension.FeatureSink;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps every value written, per feature, in order. */
final class CollectingSink implements FeatureSink {
  final List<List<Double>> values = new ArrayList<>();
  final List<List<Double>> codes = new ArrayList<>();
  final List<String> unreadable = new ArrayList<>();
  int rows;

  CollectingSink(int features) {
    for (int f = 0; f < features; f++) {
      values.add(new ArrayList<>());
      codes.add(new ArrayList<>());
    }
  }

  @Override
  public void numeric(int feature, double value) {
    values.get(feature).add(value);
  }

  @Override
  public void category(int feature, String value) {
    throw new AssertionError("no text categories in tensors");
  }

  @Override
  public void categoryCode(int feature, double code) {
    codes.get(feature).add(code);
  }

  @Override
  public void missing(int feature) {
    values.get(feature).add(Double.NaN);
  }

  @Override
  public void unreadable(int feature, ExtractionException problem) {
    missing(feature);
    unreadable.add(problem.getMessage());
  }

  @Override
  public void endRow() {
    rows++;
  }
}
