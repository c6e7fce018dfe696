package dev.modelwatch.agent.tribuo;

import dev.modelwatch.extension.FeatureSink;
import dev.modelwatch.extension.OutputSink;
import java.util.ArrayList;
import java.util.List;

/** A sink that writes down every value it is given, in order, as text. */
final class RecordedValues implements FeatureSink, OutputSink {
  final List<String> events = new ArrayList<>();

  @Override
  public void numeric(int feature, double value) {
    events.add("numeric " + feature + " " + value);
  }

  @Override
  public void category(int feature, String value) {
    events.add("category " + feature + " " + value);
  }

  @Override
  public void categoryCode(int feature, double code) {
    events.add("code " + feature + " " + code);
  }

  @Override
  public void missing(int feature) {
    events.add("missing " + feature);
  }

  @Override
  public void endRow() {
    events.add("row");
  }

  @Override
  public void value(int output, double value) {
    events.add("value " + output + " " + value);
  }

  @Override
  public void predictedClass(int output, String label, double confidence) {
    events.add("class " + output + " " + label + " " + confidence);
  }
}
