package dev.modelwatch.testapps.tribuo;

import dev.modelwatch.testapps.traffic.RowPredictor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Serves a Tribuo model: one row calls {@code Model.predict(Example)}, several rows call the batch
 * {@code Model.predict(Iterable<Example>)}. Tribuo's own errors (an example without any known
 * feature, a NaN feature value) reach the client as 500s.
 */
public final class TribuoRowPredictor<T extends Output<T>> implements RowPredictor {

  private final Model<T> model;
  private final OutputFactory<T> factory;

  private TribuoRowPredictor(Model<T> model, OutputFactory<T> factory) {
    this.model = model;
    this.factory = factory;
  }

  /** A predictor for a regression or classification model of the wine data. */
  @SuppressWarnings("unchecked")
  public static RowPredictor of(Model<?> model) {
    if (model.validate(Regressor.class)) {
      return new TribuoRowPredictor<>((Model<Regressor>) model, new RegressionFactory());
    }
    if (model.validate(Label.class)) {
      return new TribuoRowPredictor<>((Model<Label>) model, new LabelFactory());
    }
    throw new IllegalArgumentException(
        "model " + model.getName() + " is neither a regression nor a label model");
  }

  public Model<T> model() {
    return model;
  }

  @Override
  public List<String> predict(List<String[]> rows) {
    if (rows.size() == 1) {
      return Collections.singletonList(
          format(model.predict(WineModels.example(factory, rows.get(0)))));
    }
    List<Example<T>> examples = new ArrayList<>(rows.size());
    for (String[] row : rows) {
      examples.add(WineModels.example(factory, row));
    }
    List<Prediction<T>> predictions = model.predict(examples);
    List<String> out = new ArrayList<>(predictions.size());
    for (Prediction<T> p : predictions) {
      out.add(format(p));
    }
    return out;
  }

  private static String format(Prediction<?> p) {
    Output<?> o = p.getOutput();
    if (o instanceof Regressor) {
      return Double.toString(((Regressor) o).getValues()[0]);
    }
    Label label = (Label) o;
    return label.getLabel() + "," + label.getScore();
  }
}
